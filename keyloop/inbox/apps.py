from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "keyloop.inbox"
    verbose_name = "Feedback inbox"
