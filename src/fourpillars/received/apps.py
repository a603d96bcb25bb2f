from django.apps import AppConfig


class ReceivedConfig(AppConfig):
    name = "fourpillars.received"
    label = "received"
    verbose_name = "Information received from other states"
