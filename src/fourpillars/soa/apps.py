from django.apps import AppConfig


class SoaConfig(AppConfig):
    name = "fourpillars.soa"
    label = "soa"
    verbose_name = "SOA 2003 notification, risk notifications abroad and supervision transfers"
