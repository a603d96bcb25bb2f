from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "fourpillars.register"
    label = "register"
