"""Reads of milestones: what to watch, and one milestone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from deals.models import Citation, Milestone
from deals.models.choices import MilestoneStatus

HORIZON_DAYS = 90
WATCH_LIMIT = 30


@dataclass(frozen=True)
class WatchList:
    overdue: list[Milestone]  # ended, still "upcoming": the outcome is owed; most recent first
    upcoming: list[Milestone]  # within the horizon, soonest first
    horizon_end: dt.date


def milestones_to_watch(
    *, today: dt.date, horizon_days: int = HORIZON_DAYS, limit: int = WATCH_LIMIT
) -> WatchList:
    """Milestones without an outcome: overdue ones, and those due within the horizon.

    Two queries on milestone_open_end_idx (status = upcoming, by date_end), so old
    overdue milestones cannot crowd the coming ones off the list.
    """
    horizon_end = today + dt.timedelta(days=horizon_days)
    open_ = Milestone.objects.filter(status=MilestoneStatus.UPCOMING).select_related(
        "company", "round"
    )
    overdue = list(open_.filter(date_end__lt=today).order_by("-date_end", "-id")[:limit])
    upcoming = list(
        open_.filter(date_end__gte=today, date_start__lte=horizon_end).order_by("date_end", "id")[
            :limit
        ]
    )
    return WatchList(overdue=overdue, upcoming=upcoming, horizon_end=horizon_end)


def milestone_get(*, pk: int) -> Milestone | None:
    return (
        Milestone.objects.select_related("company", "round")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("article"))
        )
        .filter(pk=pk)
        .first()
    )


def milestone_is_overdue(milestone: Milestone, *, today: dt.date) -> bool:
    return milestone.status == MilestoneStatus.UPCOMING and milestone.date_end < today
