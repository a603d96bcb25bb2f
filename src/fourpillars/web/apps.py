from django.apps import AppConfig
from django.db.backends.signals import connection_created

from fourpillars.db.files import keep_private


class WebConfig(AppConfig):
    name = "fourpillars.web"
    label = "web"

    def ready(self) -> None:
        # The job framework's tasks register themselves with the services that wake them
        # (the exchange outbox asks for its sending task after commit; decision 0020).
        import fourpillars.jobs.tasks

        # Each feature's inbox handlers register with services.exchange.inbox (decision 0023).
        import fourpillars.services.exchange.handlers  # noqa: F401

        # Every new SQLite connection keeps the database's files its owner's only (0600).
        connection_created.connect(keep_private, dispatch_uid="fourpillars-private-sqlite")
