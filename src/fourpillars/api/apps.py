from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fourpillars.api"
    label = "api"
