"""Digests: users whose daily email is due, and one email carrying all their pending rows."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connection
from django.utils import timezone

from deals.alerts.claims import _CLAIMABLE, _mark_sent, _obsolete, _release
from deals.alerts.send import SendResult, _load
from deals.alerts.sql import _db_time, _tables
from deals.alerts.timing import lease
from deals.models import AlertDelivery, AlertPreference

logger = logging.getLogger(__name__)


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
        cur.execute(sql, {"now": _db_time(now), "moment": _db_time(moment)})
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
            f"UPDATE {t['delivery']} AS d SET claimed_until = %(until)s "
            f"WHERE d.user_id = %(user)s AND {_CLAIMABLE} RETURNING id",
            {"user": user_id, "now": _db_time(now), "until": _db_time(token)},
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
