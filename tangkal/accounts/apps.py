from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tangkal.accounts"
    label = "accounts"
