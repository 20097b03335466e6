from django.apps import AppConfig


class DealsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deals"
    verbose_name = "Deals"

    def ready(self) -> None:
        from deals import signals

        signals.connect()
        # Registers every task in this process too (Celery's autodiscovery runs in
        # workers only), so deals.enqueue can look tasks up by name.
        from deals import tasks  # noqa: F401
