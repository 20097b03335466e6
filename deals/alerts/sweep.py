"""The beat sweep: record what fell due and list what is ready to send."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from deals.alerts.delivery import claimable_ids, digest_users_due
from deals.alerts.queue import queue_due_alerts


@dataclass
class Sweep:
    queued: int = 0
    immediate: list[int] = field(default_factory=list)
    digest_users: list[int] = field(default_factory=list)


def sweep(*, now: dt.datetime | None = None) -> Sweep:
    """Record what fell due and list what is ready to send: rows never sent,
    rows whose backoff ended and rows whose sender died (lease ran out)."""
    now = now or timezone.now()
    queued = queue_due_alerts(now=now)
    return Sweep(
        queued=queued,
        immediate=claimable_ids(now=now),
        digest_users=digest_users_due(now=now),
    )
