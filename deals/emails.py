"""Alert emails: one function per kind, each from three templates
(emails/<kind>-subject.txt, -body.txt, -body.html).

Every email carries a Message-ID derived from its delivery row, so the one
duplicate no system can rule out (a crash after the SMTP server accepted and
before sent_at was committed) is recognisable by the receiving side, and a
List-Unsubscribe header with a signed, login-free link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from deals.models import AlertDelivery, Milestone
from deals.models.choices import Precision
from deals.templatetags.deal_format import fuzzy_date

UNSUBSCRIBE_SALT = "deals.unsubscribe"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "fundtracker.local"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def message_id_for(*, delivery_id: int, digest: bool = False) -> str:
    prefix = "digest" if digest else "delivery"
    return f"<{prefix}-{delivery_id}@{site_domain()}>"


def unsubscribe_token(*, user: Any) -> str:
    # No expiry: a link in a years-old email must still work.
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(*, token: str) -> Any | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u")).first()


def describe_when(*, start: dt.date, end: dt.date, precision: str) -> str:
    """The date as the source put it: "12 Jun 2026", "June 2026", "Q3 2027"."""
    return fuzzy_date(start, end, precision)


def milestone_when(milestone: Milestone) -> str:
    return describe_when(
        start=milestone.date_start, end=milestone.date_end, precision=milestone.precision
    )


def _url(obj: Any, fallback: str) -> str:
    # The detail pages belong to the browse area; fall back while they are absent.
    try:
        return absolute(obj.get_absolute_url())
    except NoReverseMatch:
        return absolute(reverse(fallback))


def milestone_links(milestone: Milestone) -> dict[str, str]:
    return {
        "milestone_url": _url(milestone, "deals:what_to_watch"),
        "outcome_url": absolute(reverse("deals:milestone_outcome", kwargs={"pk": milestone.pk})),
    }


def _source_sentence(milestone: Milestone | None) -> str:
    if milestone is None:
        return ""
    citation = milestone.citations.select_related("article").order_by("id").first()
    return citation.sentence if citation else ""


def _context(delivery: AlertDelivery) -> dict[str, Any]:
    ctx: dict[str, Any] = {"delivery": delivery, "site_url": settings.SITE_URL}
    if delivery.milestone is not None:
        m = delivery.milestone
        ctx.update(
            milestone=m,
            company=m.company,
            when=milestone_when(m),
            sentence=_source_sentence(m),
            **milestone_links(m),
        )
    if delivery.round is not None:
        r = delivery.round
        ctx.update(
            round=r,
            company=r.company,
            round_url=_url(r, "deals:what_to_watch"),
            company_url=_url(r.company, "deals:watchlist"),
        )
    if delivery.kind == AlertDelivery.Kind.RESCHEDULED and delivery.occasion:
        start, _, end = delivery.occasion.partition("..")
        ctx["new_when"] = describe_when(
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            precision=delivery.milestone.precision if delivery.milestone else Precision.DAY,
        )
    return ctx


def _build(
    *, kind: str, user: Any, context: dict[str, Any], message_id: str
) -> EmailMultiAlternatives:
    unsubscribe_url = absolute(
        reverse("deals:unsubscribe", kwargs={"token": unsubscribe_token(user=user)})
    )
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute(reverse("deals:preferences")),
    }
    subject = " ".join(render_to_string(f"emails/{kind}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{kind}-body.txt", context),
        to=[user.email],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            # RFC 8058: mail clients may unsubscribe with one POST, no page visit.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"emails/{kind}-body.html", context), "text/html")
    return message


def milestone_due_email(*, delivery: AlertDelivery) -> EmailMultiAlternatives:
    return _build(
        kind="milestone_due",
        user=delivery.user,
        context=_context(delivery),
        message_id=message_id_for(delivery_id=delivery.pk),
    )


def rescheduled_email(*, delivery: AlertDelivery) -> EmailMultiAlternatives:
    return _build(
        kind="rescheduled",
        user=delivery.user,
        context=_context(delivery),
        message_id=message_id_for(delivery_id=delivery.pk),
    )


def new_round_email(*, delivery: AlertDelivery) -> EmailMultiAlternatives:
    return _build(
        kind="new_round",
        user=delivery.user,
        context=_context(delivery),
        message_id=message_id_for(delivery_id=delivery.pk),
    )


def digest_email(*, user: Any, deliveries: Sequence[AlertDelivery]) -> EmailMultiAlternatives:
    # Named after its first row: a retried digest keeps its Message-ID.
    first = min(d.pk for d in deliveries)
    items = [{"kind": d.kind, **_context(d)} for d in deliveries]
    return _build(
        kind="digest",
        user=user,
        context={"items": items, "count": len(items)},
        message_id=message_id_for(delivery_id=first, digest=True),
    )


_BY_KIND = {
    AlertDelivery.Kind.MILESTONE_DUE: milestone_due_email,
    AlertDelivery.Kind.RESCHEDULED: rescheduled_email,
    AlertDelivery.Kind.NEW_ROUND: new_round_email,
}


def email_for_delivery(*, delivery: AlertDelivery) -> EmailMultiAlternatives:
    return _BY_KIND[AlertDelivery.Kind(delivery.kind)](delivery=delivery)
