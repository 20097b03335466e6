"""Recording what became of a milestone: occurred, missed, rescheduled, cancelled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from deals import alerts
from deals.enqueue import SEND_DELIVERY, enqueue_on_commit
from deals.models import AlertDelivery, Milestone, Round
from deals.models.choices import MilestoneKind, MilestoneStatus, Precision, RoundStatus
from deals.models.rules import Errors, range_errors

OUTCOMES = (
    MilestoneStatus.OCCURRED,
    MilestoneStatus.MISSED,
    MilestoneStatus.RESCHEDULED,
    MilestoneStatus.CANCELLED,
)


@transaction.atomic
def milestone_record_outcome(
    *,
    milestone: Milestone,
    status: str,
    user: Any,
    new_start: dt.date | None = None,
    new_end: dt.date | None = None,
    precision: str | None = None,
    note: str = "",
    occurred_on: dt.date | None = None,
) -> Milestone:
    """Record an outcome; raises ValidationError (field -> messages) and saves nothing.

    occurred / missed / cancelled close the milestone and stamp the time.
    rescheduled moves the range and puts the milestone back to "upcoming": it
    is still something to watch, its new date alerts again, and the old range
    stays in the history (simple_history) with the change reason naming both.
    Watchers get a "rescheduled" alert for the new range. Due alerts not yet
    sent about the old range are dropped: they would ask about a stale date.
    """
    if status not in OUTCOMES:
        raise ValidationError({"status": [f"Choose one of {', '.join(OUTCOMES)}."]})
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    old_range = alerts.occasion_for(milestone.date_start, milestone.date_end)
    if user is not None:  # else simple_history takes the request's user
        milestone._history_user = user  # type: ignore[attr-defined]
    if status == MilestoneStatus.RESCHEDULED:
        end = new_end or new_start
        errors = _reschedule_errors(milestone, new_start, end, precision)
        if errors:
            raise ValidationError(errors)
        assert new_start is not None and end is not None
        milestone.date_start, milestone.date_end = new_start, end
        if precision:
            milestone.precision = precision
        milestone.status = MilestoneStatus.UPCOMING
        milestone.outcome_recorded_at = None
        milestone.outcome_note = note
        milestone._change_reason = (  # type: ignore[attr-defined]
            f"Rescheduled from {old_range} to {alerts.occasion_for(new_start, end)}"
        )
    else:
        _close(milestone, status, note, occurred_on)
    milestone.full_clean()
    milestone.save()
    AlertDelivery.objects.filter(
        milestone=milestone, kind=AlertDelivery.Kind.MILESTONE_DUE, sent_at=None
    ).delete()
    if status == MilestoneStatus.RESCHEDULED:
        enqueue_on_commit(SEND_DELIVERY, alerts.rescheduled_alerts(milestone=milestone))
    return milestone


def _close(milestone: Milestone, status: str, note: str, occurred_on: dt.date | None) -> None:
    """occurred, missed or cancelled: the milestone leaves what to watch, stamped."""
    if occurred_on is not None and status != MilestoneStatus.OCCURRED:
        raise ValidationError({"occurred_on": ["Only something that happened has a date."]})
    if occurred_on is not None and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": ["That day has not come yet."]})
    milestone.status = status
    milestone.outcome_recorded_at = timezone.now()
    milestone.outcome_note = note
    # The track record compares this day with the promised end (kept or late).
    happened = occurred_on or timezone.localdate()
    milestone.occurred_on = happened if status == MilestoneStatus.OCCURRED else None
    milestone._change_reason = f"Outcome: {status}"  # type: ignore[attr-defined]


def _reschedule_errors(
    milestone: Milestone, start: dt.date | None, end: dt.date | None, precision: str | None
) -> Errors:
    errors = range_errors(
        start, end, field="new_end", message="The new range ends before it starts."
    )
    if start is None:
        errors["new_start"] = ["Give the new date."]
    if precision is not None and precision not in Precision.values:
        errors["precision"] = ["Unknown precision."]
    if start and end and (start, end) == (milestone.date_start, milestone.date_end):
        errors["new_start"] = ["That is the current date."]
    return errors


def round_close_settle(*, round: Round, user: Any) -> list[Milestone]:
    """A completed round has closed: its close milestones whose date has passed
    without an outcome get "occurred", so they leave what to watch, the dashboard's
    overdue list and the due alerts. A close still ahead (a later tranche) stays."""
    if round.status != RoundStatus.COMPLETED:
        return []
    open_closes = round.milestones.filter(
        kind=MilestoneKind.FUNDING_CLOSE,
        status=MilestoneStatus.UPCOMING,
        date_end__lt=timezone.localdate(),
    )
    return [
        milestone_record_outcome(
            milestone=m,
            status=MilestoneStatus.OCCURRED,
            user=user,
            note="The round is on file as completed.",
        )
        for m in open_closes
    ]
