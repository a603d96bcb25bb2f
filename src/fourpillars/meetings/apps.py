from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "fourpillars.meetings"
    label = "meetings"
    verbose_name = "Level 2 and 3 meetings and their minutes"
