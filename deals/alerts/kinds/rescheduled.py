"""A watched milestone moved to a new date (the occasion: its new range)."""

from __future__ import annotations

from typing import Any

from deals.alerts.kinds.base import AlertKind, milestone_context, occasion_when
from deals.alerts.queue import insert_for_watchers
from deals.alerts.sql import tables
from deals.alerts.timing import occasion_for
from deals.emails import describe_when
from deals.models import AlertDelivery, Milestone


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


def _context(delivery: AlertDelivery) -> dict[str, Any]:
    ctx = milestone_context(delivery)
    m = delivery.milestone
    if m is not None and delivery.occasion:
        ctx["new_when"] = occasion_when(delivery.occasion, m.precision)
        ctx["old_when"] = _previous_when(m, delivery.occasion)
    return ctx


def _title(delivery: AlertDelivery, m: Milestone) -> str:
    when = occasion_when(delivery.occasion, m.precision)
    return f"Rescheduled: {m.company.name} – {m.title}, now {when}"


KIND = AlertKind(
    value=AlertDelivery.Kind.RESCHEDULED,
    about="milestone",
    context=_context,
    title=_title,
)


def rescheduled_alerts(*, milestone: Milestone) -> list[int]:
    """Queue a rescheduled alert (occasion: the new range) for the milestone's watchers."""
    t = tables()
    return insert_for_watchers(
        kind=KIND.value,
        watcher_sql=(
            f"SELECT user_id FROM {t['watch']} WHERE milestone_id = %(milestone)s "
            f"UNION SELECT user_id FROM {t['watch']} WHERE company_id = %(company)s"
        ),
        params={"milestone": milestone.pk, "company": milestone.company_id},
        target="%(milestone)s, NULL",
        occasion=occasion_for(milestone.date_start, milestone.date_end),
    )
