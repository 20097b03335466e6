"""Delivering alerts: claiming rows, rendering them, sending them one by one or as a digest.

Claims are conditional UPDATEs that lease rows; a send marks its rows sent on
condition that it still holds the lease, or releases them with a backoff.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection
from django.utils import timezone

from deals import emails
from deals.alerts.kinds import kind_for
from deals.alerts.sql import CLAIMABLE, DIGEST_ROW, db_time, is_pg, tables
from deals.alerts.timing import backoff, lease, sweep_batch
from deals.models import AlertDelivery, AlertPreference

logger = logging.getLogger(__name__)

# Digest rows and unsubscribed users' rows are never sent one by one.
_IMMEDIATE = (
    """NOT EXISTS (
    SELECT 1 FROM {pref} ap WHERE ap.user_id = d.user_id AND ap.unsubscribed_at IS NOT NULL
) AND NOT """
    + DIGEST_ROW
)


@dataclass
class SendResult:
    status: str  # "sent", "not_claimed", "dropped", "failed"
    retry_in: dt.timedelta | None = None
    message_id: str = ""


# --- claiming -----------------------------------------------------------------


def claimable_ids(*, now: dt.datetime | None = None, limit: int | None = None) -> list[int]:
    """Rows an immediate sender could claim now (for the sweep to hand out)."""
    t = tables()
    sql = f"""
        SELECT d.id FROM {t["delivery"]} d
        WHERE {CLAIMABLE} AND {_IMMEDIATE.format(**t)}
        ORDER BY d.id LIMIT %(limit)s
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"now": db_time(now or timezone.now()), "limit": limit or sweep_batch()})
        return [row[0] for row in cur.fetchall()]


def claim_delivery(*, delivery_id: int, now: dt.datetime) -> dt.datetime | None:
    """Claim one row for an immediate send; the returned lease end is the claim's token."""
    t = tables()
    until = now + lease()
    sql = f"""
        UPDATE {t["delivery"]} AS d SET claimed_until = %(until)s
        WHERE d.id = %(id)s AND {CLAIMABLE} AND {_IMMEDIATE.format(**t)}
        RETURNING id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"id": delivery_id, "now": db_time(now), "until": db_time(until)})
        return until if cur.fetchone() else None


def claim_next(*, now: dt.datetime) -> tuple[int, dt.datetime] | None:
    """Claim the oldest claimable immediate row; concurrent callers get different rows."""
    t = tables()
    until = now + lease()
    skip_locked = " FOR UPDATE SKIP LOCKED" if is_pg() else ""
    sql = f"""
        UPDATE {t["delivery"]} SET claimed_until = %(until)s
        WHERE id = (
            SELECT d.id FROM {t["delivery"]} d
            WHERE {CLAIMABLE} AND {_IMMEDIATE.format(**t)}
            ORDER BY d.id LIMIT 1{skip_locked}
        ) AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < %(now)s)
        RETURNING id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"now": db_time(now), "until": db_time(until)})
        row = cur.fetchone()
    return (row[0], until) if row else None


def _claim_user_rows(*, user_id: int, now: dt.datetime, token: dt.datetime) -> list[int]:
    t = tables()
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {t['delivery']} AS d SET claimed_until = %(until)s "
            f"WHERE d.user_id = %(user)s AND {CLAIMABLE} AND {DIGEST_ROW.format(**t)} "
            "RETURNING id",
            {"user": user_id, "now": db_time(now), "until": db_time(token)},
        )
        return sorted(row[0] for row in cur.fetchall())


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


def _load_live(ids: list[int], token: dt.datetime) -> list[AlertDelivery]:
    """The claimed rows still worth sending; obsolete ones are deleted, not sent."""
    rows = list(
        AlertDelivery.objects.filter(id__in=ids)
        .select_related("user", "milestone__company", "round__company", "saved_search")
        .order_by("id")
    )
    stale = [d.pk for d in rows if kind_for(d.kind).obsolete(d)]
    if stale:
        AlertDelivery.objects.filter(pk__in=stale, claimed_until=token).delete()
    return [d for d in rows if d.pk not in stale]


# --- rendering ----------------------------------------------------------------


def email_for_delivery(*, delivery: AlertDelivery) -> EmailMultiAlternatives:
    """The email of one row, from its kind's templates."""
    kind = kind_for(delivery.kind)
    return emails.build_email(
        name=kind.value,
        user=delivery.user,
        context=kind.email_context(delivery),
        message_id=emails.message_id_for(delivery_id=delivery.pk),
    )


def digest_email(*, user: Any, deliveries: Sequence[AlertDelivery]) -> EmailMultiAlternatives:
    """One email carrying several rows, a line each from its kind's digest-item templates."""
    items = []
    for d in deliveries:
        kind = kind_for(d.kind)
        templates = kind.templates
        item_templates = {
            "item_txt": templates["digest-item.txt"],
            "item_html": templates["digest-item.html"],
        }
        items.append({"kind": d.kind, **item_templates, **kind.email_context(d)})
    # Named after its first row: a retried digest keeps its Message-ID.
    first = min(d.pk for d in deliveries)
    return emails.build_email(
        name="digest",
        user=user,
        context={"items": items, "count": len(items)},
        message_id=emails.message_id_for(delivery_id=first, digest=True),
    )


# --- sending ------------------------------------------------------------------


def _send(
    message: EmailMultiAlternatives, *, ids: list[int], token: dt.datetime, now: dt.datetime
) -> SendResult:
    """Send; mark the rows sent, or release them with a backoff if the send failed."""
    message_id = message.extra_headers["Message-ID"]
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP refusals, timeouts, refused connections alike
        logger.warning("Alert %s not sent: %s", ids, exc)
        if message.connection is not None:
            message.connection.close()
        delay = _release(ids=ids, token=token, error=repr(exc), now=now)
        return SendResult("failed", retry_in=delay)
    _mark_sent(ids=ids, token=token, message_id=message_id, now=timezone.now())
    return SendResult("sent", message_id=message_id)


def _deliver_claimed(
    *, delivery_id: int, token: dt.datetime, now: dt.datetime, mail_connection: Any = None
) -> SendResult:
    # Gone: deleted (unsubscribed, outcome recorded) while we held it, or obsolete.
    rows = _load_live([delivery_id], token)
    if not rows:
        return SendResult("dropped")
    message = email_for_delivery(delivery=rows[0])
    message.connection = mail_connection
    return _send(message, ids=[delivery_id], token=token, now=now)


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


# --- digests ------------------------------------------------------------------


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
    t = tables()
    sql = f"""
        SELECT ap.user_id FROM {t["pref"]} ap
        WHERE ap.unsubscribed_at IS NULL
          AND (ap.last_digest_at IS NULL OR ap.last_digest_at < %(moment)s)
          AND EXISTS (
            SELECT 1 FROM {t["delivery"]} d
            WHERE d.user_id = ap.user_id AND {CLAIMABLE} AND {DIGEST_ROW.format(**t)}
          )
        ORDER BY ap.user_id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"now": db_time(now), "moment": db_time(moment)})
        return [row[0] for row in cur.fetchall()]


def send_digest(*, user_id: int, now: dt.datetime | None = None) -> SendResult:
    """Claim all of one digest user's pending rows and send them as one email."""
    now = now or timezone.now()
    if user_id not in digest_users_due(now=now):
        return SendResult("not_claimed")
    token = now + lease()
    ids = _claim_user_rows(user_id=user_id, now=now, token=token)
    if not ids:
        return SendResult("not_claimed")
    rows = _load_live(ids, token)
    if not rows:
        return SendResult("dropped")
    message = digest_email(user=rows[0].user, deliveries=rows)
    result = _send(message, ids=[d.pk for d in rows], token=token, now=now)
    if result.status == "sent":
        AlertPreference.objects.filter(user_id=user_id).update(last_digest_at=now)
    return result
