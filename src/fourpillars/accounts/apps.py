from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fourpillars.accounts"
    label = "accounts"
