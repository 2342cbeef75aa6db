from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samvern.accounts"
    label = "accounts"
