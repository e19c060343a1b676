from django.apps import AppConfig


class WidgetConfig(AppConfig):
    name = "keyloop.integrations.widget"
    label = "integrations_widget"
