from django.apps import AppConfig


class OkrsConfig(AppConfig):
    name = "keyloop.okrs"
    verbose_name = "OKRs"
