from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "fourpillars.exchange"
    label = "exchange"
    verbose_name = "Cross-border exchange: node keys, peers and messages"
