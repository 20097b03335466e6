"""Reads for watching: the watchlist, "what to watch", the calendar and alert feeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from deals.models import AlertDelivery, AlertPreference, Company, Investor, Milestone, Watch
from deals.models.choices import MilestoneStatus
from deals.selectors.record import by_source_reliability

# The "what to watch" windows offered, in days ahead; any other from 1 to MAX_DAYS
# is accepted too, and ALL_AHEAD has no end.
WINDOWS = {7: "Next 7 days", 30: "Next 30 days", 90: "Next 90 days", 365: "Next 12 months"}
DEFAULT_DAYS = 30
MAX_DAYS = 36_500
ALL_AHEAD = "all"


def watched_keys(*, user: Any) -> set[tuple[str, int]]:
    """("company", 3), ("milestone", 8) ... for marking toggles without a query each."""
    if not getattr(user, "is_authenticated", False):
        return set()
    keys: set[tuple[str, int]] = set()
    for company_id, investor_id, milestone_id in Watch.objects.filter(user=user).values_list(
        "company_id", "investor_id", "milestone_id"
    ):
        if company_id:
            keys.add(("company", company_id))
        elif investor_id:
            keys.add(("investor", investor_id))
        elif milestone_id:
            keys.add(("milestone", milestone_id))
    return keys


def is_watching(*, user: Any, kind: str, pk: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Watch.objects.filter(user=user, **{f"{kind}_id": pk}).exists()


@dataclass
class Watchlist:
    companies: list[Company]
    investors: list[Investor]
    milestones: list[Milestone]


def watchlist(*, user: Any) -> Watchlist:
    watches = Watch.objects.filter(user=user)
    return Watchlist(
        companies=list(Company.objects.filter(watches__in=watches).order_by("name")),
        investors=list(Investor.objects.filter(watches__in=watches).order_by("name")),
        milestones=list(
            Milestone.objects.filter(watches__in=watches)
            .select_related("company")
            .order_by("date_end", "id")
        ),
    )


def _watched_by(user: Any) -> Q:
    return Q(
        Exists(Watch.objects.filter(user=user, milestone=OuterRef("pk")))
        | Exists(Watch.objects.filter(user=user, company=OuterRef("company_id")))
    )


def watched_milestones(*, user: Any) -> QuerySet[Milestone]:
    """Milestones a user watches directly or through their company."""
    return Milestone.objects.filter(_watched_by(user)).select_related("company")


@dataclass
class WhatToWatch:
    overdue: list[Milestone]
    ahead: list[Milestone]
    today: dt.date
    days: int | None  # None: everything ahead
    overdue_truncated: bool = False
    ahead_truncated: bool = False


def what_to_watch_milestones(
    *,
    user: Any,
    days: int | None = DEFAULT_DAYS,
    watched_only: bool = False,
    kind: str = "",
    company: Company | None = None,
    today: dt.date | None = None,
    overdue_limit: int = 50,
    ahead_limit: int = 50,
    sort: str = "",
) -> WhatToWatch:
    """Open milestones starting within `days` (None: any time ahead), and those past
    their date with no outcome (overdue). Both read milestone_open_end_idx (date_end, id) WHERE
    status = 'upcoming'.

    Both lists are capped: at a million milestones a 30-day window holds tens of
    thousands, and rendering them all took seconds. One row beyond each cap is
    read to tell the page that more exist (filter by kind or company to see them)."""
    today = today or timezone.localdate()
    qs = Milestone.objects.filter(status=MilestoneStatus.UPCOMING).select_related("company")
    if watched_only:
        qs = qs.filter(_watched_by(user))
    if kind:
        qs = qs.filter(kind=kind)
    if company is not None:
        qs = qs.filter(company=company)
    overdue = list(qs.filter(date_end__lt=today).order_by("-date_end", "-id")[: overdue_limit + 1])
    ahead_qs = qs.filter(date_end__gte=today)
    if days is not None:
        ahead_qs = ahead_qs.filter(date_start__lte=today + dt.timedelta(days=days))
    ahead = list(ahead_qs.order_by("date_end", "id")[: ahead_limit + 1])
    shown_overdue, shown_ahead = overdue[:overdue_limit], ahead[:ahead_limit]
    if sort == "reliable":
        shown_overdue = by_source_reliability(shown_overdue, today=today)
        shown_ahead = by_source_reliability(shown_ahead, today=today)
    return WhatToWatch(
        overdue=shown_overdue,
        ahead=shown_ahead,
        today=today,
        days=days,
        overdue_truncated=len(overdue) > overdue_limit,
        ahead_truncated=len(ahead) > ahead_limit,
    )


def preference_for_token(*, token: str) -> AlertPreference | None:
    if not token:
        return None
    return AlertPreference.objects.select_related("user").filter(calendar_token=token).first()


def alerts_sent(*, user: Any, limit: int = 50) -> list[AlertDelivery]:
    return list(
        AlertDelivery.objects.filter(user=user, sent_at__isnull=False)
        .select_related("milestone__company", "round__company")
        .order_by("-sent_at", "-id")[:limit]
    )


def feed_token(*, user: Any) -> str | None:
    """The user's private feed token, or None when they have none (never made, or revoked)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        AlertPreference.objects.filter(user=user).values_list("calendar_token", flat=True).first()
    )
