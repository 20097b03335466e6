"""Claiming alerts: the conditional UPDATEs that lease rows, mark them sent or release them."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from deals.alerts.sql import Kind, _db_time, _is_pg, _tables
from deals.alerts.timing import backoff, lease, occasion_for, sweep_batch
from deals.models import AlertDelivery
from deals.models.choices import MilestoneStatus

# --- claiming -----------------------------------------------------------------

# A row is claimable when unsent and its lease (or backoff) has run out.
_CLAIMABLE = "d.sent_at IS NULL AND (d.claimed_until IS NULL OR d.claimed_until < %(now)s)"
# Rows of digest or unsubscribed users are never sent one by one.
_IMMEDIATE = """NOT EXISTS (
    SELECT 1 FROM {pref} ap WHERE ap.user_id = d.user_id
    AND (ap.mode = 'digest' OR ap.unsubscribed_at IS NOT NULL)
)"""


def claimable_ids(*, now: dt.datetime | None = None, limit: int | None = None) -> list[int]:
    """Rows an immediate sender could claim now (for the sweep to hand out)."""
    t = _tables()
    sql = f"""
        SELECT d.id FROM {t["delivery"]} d
        WHERE {_CLAIMABLE} AND {_IMMEDIATE.format(**t)}
        ORDER BY d.id LIMIT %(limit)s
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"now": _db_time(now or timezone.now()), "limit": limit or sweep_batch()})
        return [row[0] for row in cur.fetchall()]


def claim_delivery(*, delivery_id: int, now: dt.datetime) -> dt.datetime | None:
    """Claim one row for an immediate send; the returned lease end is the claim's token."""
    t = _tables()
    until = now + lease()
    sql = f"""
        UPDATE {t["delivery"]} AS d SET claimed_until = %(until)s
        WHERE d.id = %(id)s AND {_CLAIMABLE} AND {_IMMEDIATE.format(**t)}
        RETURNING id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"id": delivery_id, "now": _db_time(now), "until": _db_time(until)})
        return until if cur.fetchone() else None


def claim_next(*, now: dt.datetime) -> tuple[int, dt.datetime] | None:
    """Claim the oldest claimable immediate row; concurrent callers get different rows."""
    t = _tables()
    until = now + lease()
    skip_locked = " FOR UPDATE SKIP LOCKED" if _is_pg() else ""
    sql = f"""
        UPDATE {t["delivery"]} SET claimed_until = %(until)s
        WHERE id = (
            SELECT d.id FROM {t["delivery"]} d
            WHERE {_CLAIMABLE} AND {_IMMEDIATE.format(**t)}
            ORDER BY d.id LIMIT 1{skip_locked}
        ) AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < %(now)s)
        RETURNING id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"now": _db_time(now), "until": _db_time(until)})
        row = cur.fetchone()
    return (row[0], until) if row else None


def _mark_sent(*, ids: list[int], token: dt.datetime, message_id: str, now: dt.datetime) -> int:
    # Conditional on the lease we took: a sender whose lease ran out and was
    # taken over must not overwrite the new holder's bookkeeping.
    return AlertDelivery.objects.filter(id__in=ids, claimed_until=token, sent_at=None).update(
        sent_at=now, message_id=message_id, claimed_until=None, last_error=""
    )


def _release(*, ids: list[int], token: dt.datetime, error: str, now: dt.datetime) -> dt.timedelta:
    rows = list(AlertDelivery.objects.filter(id__in=ids, claimed_until=token, sent_at=None))
    delay = dt.timedelta(0)
    for row in rows:
        attempts = row.attempts + 1
        delay = max(delay, backoff(attempts))
        AlertDelivery.objects.filter(pk=row.pk, claimed_until=token).update(
            attempts=attempts, last_error=error[:2000], claimed_until=now + backoff(attempts)
        )
    return delay


def _obsolete(delivery: AlertDelivery) -> bool:
    """A due alert about a range that was rescheduled or resolved would mislead."""
    if delivery.kind != Kind.MILESTONE_DUE or delivery.milestone is None:
        return False
    m = delivery.milestone
    return m.status != MilestoneStatus.UPCOMING or delivery.occasion != occasion_for(
        m.date_start, m.date_end
    )
