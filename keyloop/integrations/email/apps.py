from django.apps import AppConfig


class EmailConfig(AppConfig):
    name = "keyloop.integrations.email"
    label = "integrations_email"
