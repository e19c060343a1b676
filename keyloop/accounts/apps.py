from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keyloop.accounts"
    label = "accounts"
    verbose_name = "Accounts and workspaces"
