from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "fourpillars.plans"
    label = "plans"
    verbose_name = "Risk management plans and decisions"
