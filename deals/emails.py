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
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deals.alerts import occasion_for
from deals.models import AlertDelivery, Milestone, Participation, Round, Watch
from deals.models.choices import Precision
from deals.permissions import is_editor
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


def _source(milestone: Milestone) -> dict[str, Any]:
    """The first report of the milestone: its sentence and where and when it appeared."""
    citation = milestone.citations.select_related("article").order_by("id").first()
    if citation is None:
        return {"sentence": ""}
    article = citation.article
    published = article.published_at or article.fetched_at
    return {
        "sentence": citation.sentence,
        "source": {
            "title": article.title,
            "publisher": article.publisher or urlsplit(article.url).hostname or "",
            "url": article.url,
            "published": timezone.localdate(published) if published else None,
        },
    }


def _watched_since(user: Any, milestone: Milestone) -> dict[str, Any] | None:
    """Since when, and through what (the milestone or its company), the user has watched it."""
    watch = (
        Watch.objects.filter(user=user)
        .filter(Q(milestone=milestone) | Q(company_id=milestone.company_id))
        .order_by("created_at")
        .first()
    )
    if watch is None:
        return None
    what = milestone.company.name if watch.company_id else "this milestone"
    return {"what": what, "since": timezone.localdate(watch.created_at)}


def _previous_when(milestone: Milestone, occasion: str) -> str:
    """The date the milestone had before the reschedule this alert is about, from its history.

    Newest first: the record that moved it to `occasion`, then the first older one
    with another range is what watchers had been told.
    """
    moved = False
    for record in milestone.history.order_by("-history_date", "-history_id"):
        here = occasion_for(record.date_start, record.date_end)
        if here == occasion:
            moved = True
        elif moved:
            return describe_when(
                start=record.date_start, end=record.date_end, precision=record.precision
            )
    return ""


def _investors(round_: Round) -> list[Participation]:
    return list(
        round_.participations.select_related("investor").order_by("-lead", "investor__name")
    )


def _context(delivery: AlertDelivery) -> dict[str, Any]:
    ctx: dict[str, Any] = {"delivery": delivery, "site_url": settings.SITE_URL}
    if delivery.milestone is not None:
        m = delivery.milestone
        ctx.update(
            milestone=m,
            company=m.company,
            when=milestone_when(m),
            on_file_since=timezone.localdate(m.created_at),
            watched=_watched_since(delivery.user, m),
            **_source(m),
            **milestone_links(m),
        )
    if delivery.round is not None:
        r = delivery.round
        ctx.update(
            round=r,
            company=r.company,
            investors=_investors(r),
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
        if delivery.milestone is not None:
            ctx["old_when"] = _previous_when(delivery.milestone, delivery.occasion)
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
        # Per recipient: the outcome page answers 403 to anyone but an editor.
        "can_edit": is_editor(user),
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
