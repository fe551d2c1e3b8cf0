from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crossgen.accounts"
    label = "accounts"
