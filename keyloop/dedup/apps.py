from django.apps import AppConfig


class DedupConfig(AppConfig):
    name = "keyloop.dedup"
    label = "dedup"
    verbose_name = "Duplicate detection"
