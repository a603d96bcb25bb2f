from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fourpillars.web"
    label = "web"

    def ready(self) -> None:
        # The job framework's tasks register themselves with the services that wake them
        # (the exchange outbox asks for its sending task after commit; decision 0020).
        import fourpillars.jobs.tasks

        # Each feature's inbox handlers register with services.exchange.inbox (decision 0023).
        import fourpillars.services.exchange.handlers  # noqa: F401
