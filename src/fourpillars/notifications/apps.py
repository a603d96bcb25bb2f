from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fourpillars.notifications"
    label = "notifications"
    verbose_name = "Notifications, reminders and the e-mail outbox"
