"""Alert timing: when a milestone falls due, the lease, the backoff, the sweep window."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


# Deployment knobs, read from settings with safe defaults. The lease must be
# longer than one SMTP send (EMAIL_TIMEOUT) and every delay shorter than the
# broker's visibility timeout, or Redis would redeliver a task still waiting.
def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.ALERT_LEASE_SECONDS)


def backoff(attempts: int) -> dt.timedelta:
    """Delay before retry number `attempts` (1-based): 1, 2, 4 ... minutes, capped."""
    base = settings.ALERT_BACKOFF_SECONDS
    cap = min(
        settings.ALERT_BACKOFF_MAX_SECONDS,
        settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600) // 2,
    )
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def lookback() -> dt.timedelta:
    # Only milestones that fell due in this window are swept, so the sweep reads
    # a narrow slice of the open-milestone index instead of every old one; a
    # sweep outage shorter than this loses nothing.
    return dt.timedelta(days=settings.ALERT_LOOKBACK_DAYS)


def sweep_batch() -> int:
    return settings.ALERT_SWEEP_BATCH


def occasion_for(start: dt.date, end: dt.date) -> str:
    """The range a milestone alert is about: a reschedule makes a new occasion."""
    return f"{start.isoformat()}..{end.isoformat()}"


def due_cutoff(*, now: dt.datetime) -> dt.date:
    """The latest date_end whose due moment (next day, ALERT_HOUR local) is <= now."""
    local = timezone.localtime(now)
    # Shifting back by ALERT_HOUR turns "has ALERT_HOUR of day N+1 passed"
    # into "is the shifted date at least N+1".
    return (local - dt.timedelta(hours=settings.ALERT_HOUR)).date() - dt.timedelta(days=1)


def due_moment(*, date_end: dt.date) -> dt.datetime:
    day = date_end + dt.timedelta(days=1)
    naive = dt.datetime.combine(day, dt.time(hour=settings.ALERT_HOUR))
    return timezone.make_aware(naive, timezone.get_current_timezone())
