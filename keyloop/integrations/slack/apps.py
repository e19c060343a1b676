from django.apps import AppConfig


class SlackConfig(AppConfig):
    name = "keyloop.integrations.slack"
    label = "integrations_slack"
