"""What an alert kind is made of, and the email context the kinds share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deals.emails import EMAIL_PARTS, absolute, describe_when, milestone_when, template_name
from deals.models import AlertDelivery, Milestone, Participation, Round, Watch

# A kind's line in the daily digest, included by emails/digest-body.*.
DIGEST_PARTS = ("digest-item.txt", "digest-item.html")


def never(delivery: AlertDelivery) -> bool:
    return False


@dataclass(frozen=True)
class AlertKind:
    """One kind of alert, defined once (a module of this package builds it).

    Its templates are named after `value`: emails/<value>-subject.txt, -body.txt and
    -body.html for its own email, -digest-item.txt and -digest-item.html for its
    line in a digest. Both get `context(delivery)` plus the common keys.
    """

    value: str  # its AlertDelivery.Kind
    # The AlertDelivery field naming what the alert is about ("milestone", "round"):
    # the feed entry links there.
    about: str
    context: Callable[[AlertDelivery], dict[str, Any]]
    # The feed entry's title, given the row and what it is about (only while that exists).
    title: Callable[[AlertDelivery, Any], str]
    # True when sending it now would mislead: the row is dropped instead.
    obsolete: Callable[[AlertDelivery], bool] = never

    @property
    def templates(self) -> dict[str, str]:
        return {part: template_name(self.value, part) for part in (*EMAIL_PARTS, *DIGEST_PARTS)}

    def email_context(self, delivery: AlertDelivery) -> dict[str, Any]:
        return {"delivery": delivery, "site_url": settings.SITE_URL, **self.context(delivery)}

    def target(self, delivery: AlertDelivery) -> Any:
        return getattr(delivery, self.about)

    def feed_title(self, delivery: AlertDelivery) -> str:
        target = self.target(delivery)
        return delivery.get_kind_display() if target is None else self.title(delivery, target)

    def link(self, delivery: AlertDelivery) -> str:
        target = self.target(delivery)
        return target.get_absolute_url() if target else reverse("deals:watchlist")


def occasion_when(occasion: str, precision: str) -> str:
    """An occasion ("2026-06-01..2026-06-30") as the source put it."""
    start, _, end = occasion.partition("..")
    return describe_when(
        start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), precision=precision
    )


def _url(obj: Any, fallback: str) -> str:
    # The detail pages belong to the browse area; fall back while they are absent.
    try:
        return absolute(obj.get_absolute_url())
    except NoReverseMatch:
        return absolute(reverse(fallback))


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


def milestone_context(delivery: AlertDelivery) -> dict[str, Any]:
    """The milestone an alert is about: what, when, first reported where, watched since."""
    m = delivery.milestone
    if m is None:
        return {}
    return {
        "milestone": m,
        "company": m.company,
        "when": milestone_when(m),
        "on_file_since": timezone.localdate(m.created_at),
        "watched": _watched_since(delivery.user, m),
        **_source(m),
        "milestone_url": _url(m, "deals:what_to_watch"),
        "outcome_url": absolute(reverse("deals:milestone_outcome", kwargs={"pk": m.pk})),
    }


def _investors(round_: Round) -> list[Participation]:
    return list(
        round_.participations.select_related("investor").order_by("-lead", "investor__name")
    )


def round_context(delivery: AlertDelivery) -> dict[str, Any]:
    """The round an alert is about: its company, investors and links."""
    r = delivery.round
    if r is None:
        return {}
    return {
        "round": r,
        "company": r.company,
        "investors": _investors(r),
        "round_url": _url(r, "deals:what_to_watch"),
        "company_url": _url(r.company, "deals:watchlist"),
    }
