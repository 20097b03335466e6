"""One sweep and send, for sites that schedule with cron instead of Celery beat."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from deals import alerts


class Command(BaseCommand):
    help = (
        "Record alerts that fell due, send every unsent one, print how many were claimed and sent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many.")

    def handle(self, *args: Any, limit: int | None = None, **options: Any) -> None:
        result = alerts.sweep()
        claimed, sent = alerts.send_pending(limit=limit)
        digests = 0
        for user_id in result.digest_users:
            outcome = alerts.send_digest(user_id=user_id)
            digests += outcome.status == "sent"
        self.stdout.write(
            f"Queued {result.queued} new due alert(s); claimed {claimed}, sent {sent}; "
            f"sent {digests} digest(s)."
        )
