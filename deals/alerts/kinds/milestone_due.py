"""A watched milestone's date passed: did it happen? Queued by the sweep (deals.alerts.queue)."""

from __future__ import annotations

from deals.alerts.kinds.base import AlertKind, milestone_context
from deals.alerts.timing import occasion_for
from deals.emails import milestone_when
from deals.models import AlertDelivery, Milestone
from deals.models.choices import MilestoneStatus


def _title(delivery: AlertDelivery, m: Milestone) -> str:
    return f"Date passed: {m.company.name} – {m.title} ({milestone_when(m)})"


def _obsolete(delivery: AlertDelivery) -> bool:
    """A due alert about a range that was rescheduled or resolved would mislead."""
    m = delivery.milestone
    if m is None:
        return False
    return m.status != MilestoneStatus.UPCOMING or delivery.occasion != occasion_for(
        m.date_start, m.date_end
    )


KIND = AlertKind(
    value=AlertDelivery.Kind.MILESTONE_DUE,
    about="milestone",
    context=milestone_context,
    title=_title,
    obsolete=_obsolete,
)
