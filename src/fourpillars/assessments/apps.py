from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "fourpillars.assessments"
    label = "assessments"
    verbose_name = "Risk assessments"
