from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "keyloop.notifications"
    verbose_name = "Notifications"
