from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "fourpillars.referrals"
    label = "referrals"
    verbose_name = "Referrals, transfers between areas and possible duplicates"
