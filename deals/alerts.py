"""Alerts owed to watchers: found by a sweep, recorded once, claimed, sent, marked sent.

PostgreSQL holds the truth; Celery messages only nudge. The life of an alert:

1. `queue_due_alerts` (the beat sweep) inserts one AlertDelivery row per
   (watcher, milestone, date range) whose due moment has passed: the day after
   the range ends, at ALERT_HOUR in the site's time zone. `new_round_alerts`
   and `rescheduled_alerts` insert rows when those events happen. The unique
   constraints plus ON CONFLICT DO NOTHING make concurrent sweeps harmless.
2. A sender claims a row with a conditional UPDATE that sets a lease
   (`claimed_until`); only the sender whose UPDATE matched may send it.
3. It sends the email (Message-ID derived from the row id), then marks the
   row sent (`sent_at`) on condition that it still holds the same lease.
4. On failure it releases the row with attempts + 1 and a backoff (the lease
   is pushed into the future, so nobody claims it before the backoff ends).
   A sender that dies keeps the lease until it runs out; then the row is
   claimable again and the next sweep sends it.

Digest users' rows wait; once a day after ALERT_HOUR one email carries all
their pending rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection, transaction
from django.utils import timezone

from deals.models import AlertDelivery, AlertPreference, Milestone, Round, Watch
from deals.models.choices import MilestoneStatus

logger = logging.getLogger(__name__)

Kind = AlertDelivery.Kind


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


def _tables() -> dict[str, str]:
    return {
        "delivery": AlertDelivery._meta.db_table,
        "pref": AlertPreference._meta.db_table,
        "milestone": Milestone._meta.db_table,
        "watch": Watch._meta.db_table,
        "user": get_user_model()._meta.db_table,
    }


def _is_pg() -> bool:
    return connection.vendor == "postgresql"


def _range_text(alias: str) -> str:
    if _is_pg():
        # to_char, not ::text, so the server's DateStyle cannot change the key.
        return (
            f"to_char({alias}.date_start, 'YYYY-MM-DD') || '..' || "
            f"to_char({alias}.date_end, 'YYYY-MM-DD')"
        )
    return f"{alias}.date_start || '..' || {alias}.date_end"


# Watchers who can be mailed: active, with an address, not unsubscribed.
_REACHABLE = """
    JOIN {user} u ON u.id = p.user_id AND u.is_active AND u.email <> ''
    WHERE NOT EXISTS (
        SELECT 1 FROM {pref} ap WHERE ap.user_id = p.user_id AND ap.unsubscribed_at IS NOT NULL
    )
"""


def queue_due_alerts(*, now: dt.datetime | None = None) -> int:
    """Insert a milestone_due row for every reachable watcher of every milestone
    that fell due within the lookback window; return how many rows were new.

    The plan (see bench_alert_sweep): a range scan of milestone_open_end_idx
    (date_end, id) WHERE status = 'upcoming' over the window, nested-loop probes
    of watch_milestone_idx and watch_company_idx, and a probe of the
    delivery_once_per_milestone unique index to skip pairs already recorded.
    """
    sql, params = queue_due_sql(now=now or timezone.now())
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return max(cur.rowcount, 0)


def queue_due_sql(*, now: dt.datetime) -> tuple[str, dict[str, Any]]:
    """The sweep's INSERT ... SELECT and its parameters (bench_alert_sweep EXPLAINs it)."""
    cutoff = due_cutoff(now=now)
    since = cutoff - lookback()
    t = _tables()
    sql = f"""
        WITH due AS (
            SELECT m.id, m.company_id, {_range_text("m")} AS occasion
            FROM {t["milestone"]} m
            WHERE m.status = %(upcoming)s AND m.date_end > %(since)s AND m.date_end <= %(cutoff)s
        ), pairs AS (
            SELECT w.user_id, due.id AS milestone_id, due.occasion
            FROM due JOIN {t["watch"]} w ON w.milestone_id = due.id
            UNION
            SELECT w.user_id, due.id, due.occasion
            FROM due JOIN {t["watch"]} w ON w.company_id = due.company_id
        )
        INSERT INTO {t["delivery"]}
            (user_id, kind, milestone_id, round_id, occasion, created_at,
             claimed_until, attempts, last_error, sent_at, message_id)
        SELECT p.user_id, %(kind)s, p.milestone_id, NULL, p.occasion, %(now)s,
               NULL, 0, '', NULL, ''
        FROM pairs p
        {_REACHABLE.format(**t)}
        AND NOT EXISTS (
            SELECT 1 FROM {t["delivery"]} d
            WHERE d.user_id = p.user_id AND d.kind = %(kind)s
              AND d.milestone_id = p.milestone_id AND d.occasion = p.occasion
        )
        ON CONFLICT DO NOTHING
    """
    params = {
        "upcoming": MilestoneStatus.UPCOMING,
        "since": since,
        "cutoff": cutoff,
        "kind": Kind.MILESTONE_DUE,
        "now": now,
    }
    return sql, params


def _insert_for_watchers(
    *, kind: str, watcher_sql: str, params: dict[str, Any], target: str, occasion: str
) -> list[int]:
    t = _tables()
    sql = f"""
        WITH pairs AS ({watcher_sql})
        INSERT INTO {t["delivery"]}
            (user_id, kind, milestone_id, round_id, occasion, created_at,
             claimed_until, attempts, last_error, sent_at, message_id)
        SELECT p.user_id, %(kind)s, {target}, %(occasion)s, %(now)s,
               NULL, 0, '', NULL, ''
        FROM pairs p
        {_REACHABLE.format(**t)}
        ON CONFLICT DO NOTHING
        RETURNING id
    """
    params = {**params, "kind": kind, "occasion": occasion, "now": timezone.now()}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return sorted(row[0] for row in cur.fetchall())


def new_round_alerts(*, round: Round) -> list[int]:  # noqa: A002 - the brief's name
    """Queue a new_round alert for every watcher of the round's company."""
    t = _tables()
    ids = _insert_for_watchers(
        kind=Kind.NEW_ROUND,
        watcher_sql=f"SELECT user_id FROM {t['watch']} WHERE company_id = %(company)s",
        params={"company": round.company_id, "round": round.pk},
        target="NULL, %(round)s",
        occasion="",
    )
    _nudge(ids)
    return ids


def rescheduled_alerts(*, milestone: Milestone) -> list[int]:
    """Queue a rescheduled alert (occasion: the new range) for the milestone's watchers."""
    t = _tables()
    ids = _insert_for_watchers(
        kind=Kind.RESCHEDULED,
        watcher_sql=(
            f"SELECT user_id FROM {t['watch']} WHERE milestone_id = %(milestone)s "
            f"UNION SELECT user_id FROM {t['watch']} WHERE company_id = %(company)s"
        ),
        params={"milestone": milestone.pk, "company": milestone.company_id},
        target="%(milestone)s, NULL",
        occasion=occasion_for(milestone.date_start, milestone.date_end),
    )
    _nudge(ids)
    return ids


def _nudge(ids: list[int]) -> None:
    """After commit, ask the workers to send these rows now rather than at the next sweep."""
    if not ids:
        return
    from deals.tasks_alerts import send_delivery_task

    def enqueue() -> None:
        for delivery_id in ids:
            send_delivery_task.delay(delivery_id)

    transaction.on_commit(enqueue)


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
        cur.execute(sql, {"now": now or timezone.now(), "limit": limit or sweep_batch()})
        return [row[0] for row in cur.fetchall()]


def claim_delivery(*, delivery_id: int, now: dt.datetime) -> dt.datetime | None:
    """Claim one row for an immediate send; the returned lease end is the claim's token."""
    t = _tables()
    until = now + lease()
    sql = f"""
        UPDATE {t["delivery"]} d SET claimed_until = %(until)s
        WHERE d.id = %(id)s AND {_CLAIMABLE} AND {_IMMEDIATE.format(**t)}
        RETURNING d.id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"id": delivery_id, "now": now, "until": until})
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
        cur.execute(sql, {"now": now, "until": until})
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


# --- sending ------------------------------------------------------------------


@dataclass
class SendResult:
    status: str  # "sent", "not_claimed", "dropped", "failed"
    retry_in: dt.timedelta | None = None
    message_id: str = ""


def _load(ids: list[int]) -> list[AlertDelivery]:
    return list(
        AlertDelivery.objects.filter(id__in=ids)
        .select_related("user", "milestone__company", "round__company")
        .order_by("id")
    )


def _deliver_claimed(
    *, delivery_id: int, token: dt.datetime, now: dt.datetime, mail_connection: Any = None
) -> SendResult:
    from deals import emails

    rows = _load([delivery_id])
    if not rows:  # deleted (unsubscribed, outcome recorded) while we held it
        return SendResult("dropped")
    delivery = rows[0]
    if _obsolete(delivery):
        AlertDelivery.objects.filter(pk=delivery.pk, claimed_until=token).delete()
        return SendResult("dropped")
    message = emails.email_for_delivery(delivery=delivery)
    if mail_connection is not None:
        message.connection = mail_connection
    message_id = message.extra_headers["Message-ID"]
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP refusals, timeouts, refused connections alike
        logger.warning("Alert %s not sent: %s", delivery_id, exc)
        if mail_connection is not None:
            mail_connection.close()
        delay = _release(ids=[delivery_id], token=token, error=repr(exc), now=now)
        return SendResult("failed", retry_in=delay)
    _mark_sent(ids=[delivery_id], token=token, message_id=message_id, now=timezone.now())
    return SendResult("sent", message_id=message_id)


def send_delivery(*, delivery_id: int, now: dt.datetime | None = None) -> SendResult:
    """Claim and send one row; a row someone else holds or sent is left alone."""
    now = now or timezone.now()
    token = claim_delivery(delivery_id=delivery_id, now=now)
    if token is None:
        return SendResult("not_claimed")
    return _deliver_claimed(delivery_id=delivery_id, token=token, now=now)


def send_pending(*, limit: int | None = None) -> tuple[int, int]:
    """Claim and send immediate rows one at a time until none is left (or `limit`);
    return (claimed, sent). Safe to run in any number of processes at once."""
    claimed = sent = 0
    mail_connection = get_connection(fail_silently=False)
    try:
        while limit is None or claimed < limit:
            now = timezone.now()
            got = claim_next(now=now)
            if got is None:
                break
            claimed += 1
            result = _deliver_claimed(
                delivery_id=got[0], token=got[1], now=now, mail_connection=mail_connection
            )
            sent += result.status == "sent"
    finally:
        mail_connection.close()
    return claimed, sent


def digest_moment(*, now: dt.datetime) -> dt.datetime:
    """Today's digest time: ALERT_HOUR in the site's time zone."""
    local = timezone.localtime(now)
    naive = dt.datetime.combine(local.date(), dt.time(hour=settings.ALERT_HOUR))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def digest_users_due(*, now: dt.datetime | None = None) -> list[int]:
    """Digest users whose daily email is due and who have something claimable."""
    now = now or timezone.now()
    moment = digest_moment(now=now)
    if now < moment:
        return []
    t = _tables()
    sql = f"""
        SELECT ap.user_id FROM {t["pref"]} ap
        WHERE ap.mode = 'digest' AND ap.unsubscribed_at IS NULL
          AND (ap.last_digest_at IS NULL OR ap.last_digest_at < %(moment)s)
          AND EXISTS (SELECT 1 FROM {t["delivery"]} d WHERE d.user_id = ap.user_id AND {_CLAIMABLE})
        ORDER BY ap.user_id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"now": now, "moment": moment})
        return [row[0] for row in cur.fetchall()]


def send_digest(*, user_id: int, now: dt.datetime | None = None) -> SendResult:
    """Claim all of one digest user's pending rows and send them as one email."""
    from deals import emails

    now = now or timezone.now()
    if user_id not in digest_users_due(now=now):
        return SendResult("not_claimed")
    t = _tables()
    token = now + lease()
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {t['delivery']} d SET claimed_until = %(until)s "
            f"WHERE d.user_id = %(user)s AND {_CLAIMABLE} RETURNING d.id",
            {"user": user_id, "now": now, "until": token},
        )
        ids = sorted(row[0] for row in cur.fetchall())
    if not ids:
        return SendResult("not_claimed")
    rows = _load(ids)
    stale = [d.pk for d in rows if _obsolete(d)]
    if stale:
        AlertDelivery.objects.filter(pk__in=stale, claimed_until=token).delete()
    rows = [d for d in rows if d.pk not in stale]
    if not rows:
        return SendResult("dropped")
    message = emails.digest_email(user=rows[0].user, deliveries=rows)
    message_id = message.extra_headers["Message-ID"]
    live = [d.pk for d in rows]
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        logger.warning("Digest for user %s not sent: %s", user_id, exc)
        delay = _release(ids=live, token=token, error=repr(exc), now=now)
        return SendResult("failed", retry_in=delay)
    _mark_sent(ids=live, token=token, message_id=message_id, now=timezone.now())
    AlertPreference.objects.filter(user_id=user_id).update(last_digest_at=now)
    return SendResult("sent", message_id=message_id)


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
