"""Sending immediate alerts: one row by id, or every claimable row in turn."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.core.mail import get_connection
from django.utils import timezone

from deals.alerts.claims import _mark_sent, _obsolete, _release, claim_delivery, claim_next
from deals.models import AlertDelivery

logger = logging.getLogger(__name__)

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
