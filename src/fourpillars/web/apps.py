from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fourpillars.web"
    label = "web"
