"""Reads of milestones: what to watch, and one milestone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from deals.models import Citation, Milestone
from deals.models.choices import MilestoneStatus

from .companies import company_from_row

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

    Two limited reads on milestone_open_end_idx (status = upcoming, by date_end), so old
    overdue milestones cannot crowd the coming ones off the list, in one raw query
    (UNION ALL): as two ORM queries with select_related, compiling them and building
    the rows cost more than PostgreSQL did. Each milestone's company carries only its
    name and slug (the rest is deferred): the dashboard shows nothing more.
    """
    horizon_end = today + dt.timedelta(days=horizon_days)
    columns = "m.*, c.name AS company_name, c.slug AS company_slug"
    open_ = "FROM deals_milestone m JOIN deals_company c ON c.id = m.company_id WHERE m.status = %s"
    # Each part wrapped in a subquery: SQLite allows no ORDER BY/LIMIT on a UNION's parts.
    sql = f"""
        SELECT * FROM (
            SELECT {columns}, 1 AS is_overdue {open_} AND m.date_end < %s
            ORDER BY m.date_end DESC, m.id DESC LIMIT %s
        ) overdue
        UNION ALL
        SELECT * FROM (
            SELECT {columns}, 0 AS is_overdue {open_} AND m.date_end >= %s AND m.date_start <= %s
            ORDER BY m.date_end, m.id LIMIT %s
        ) coming
    """
    upcoming_status = MilestoneStatus.UPCOMING
    params = [upcoming_status, today, limit, upcoming_status, today, horizon_end, limit]
    rows: list[Any] = list(Milestone.objects.raw(sql, params))
    for milestone in rows:
        milestone.company = company_from_row(
            milestone.company_id, milestone.company_name, milestone.company_slug
        )
    # A UNION ALL keeps no order of its own.
    overdue = sorted(
        (m for m in rows if m.is_overdue), key=lambda m: (m.date_end, m.pk), reverse=True
    )
    upcoming = sorted((m for m in rows if not m.is_overdue), key=lambda m: (m.date_end, m.pk))
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
