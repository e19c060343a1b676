from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "keyloop.integrations.imports"
    label = "integrations_imports"
