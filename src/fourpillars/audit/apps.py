from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fourpillars.audit"
    label = "audit"
