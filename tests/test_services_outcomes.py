"""deals/services/outcomes.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from deals.models import AlertDelivery
from deals.services.outcomes import milestone_record_outcome

from .factories import AlertDeliveryFactory, MilestoneFactory, UserFactory, WatchFactory


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["occurred", "missed", "cancelled"])
def test_closing_outcomes_stamp_the_time_and_drop_pending_due_alerts(status) -> None:
    editor = UserFactory(role="editor")
    row = AlertDeliveryFactory()
    m = milestone_record_outcome(milestone=row.milestone, status=status, user=editor, note="ok")
    assert m.status == status and m.outcome_recorded_at is not None and m.outcome_note == "ok"
    assert not AlertDelivery.objects.exists()
    assert m.history.first().history_user == editor


@pytest.mark.django_db
def test_reschedule_moves_dates_keeps_old_range_in_history_and_alerts_watchers() -> None:
    m = MilestoneFactory(
        date_start=dt.date(2026, 6, 1), date_end=dt.date(2026, 6, 30), precision="month"
    )
    watcher = WatchFactory(milestone=m).user
    company_watcher = WatchFactory(company=m.company).user
    m = milestone_record_outcome(
        milestone=m,
        status="rescheduled",
        user=UserFactory(role="editor"),
        new_start=dt.date(2026, 9, 1),
        new_end=dt.date(2026, 9, 30),
        note="Delayed by supply issues",
    )
    assert (m.date_start, m.date_end, m.status) == (
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 30),
        "upcoming",
    )
    previous = m.history.all()[1]
    assert (previous.date_start, previous.date_end) == (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert "Rescheduled from 2026-06-01..2026-06-30" in m.history.first().history_change_reason
    rows = AlertDelivery.objects.filter(kind="rescheduled")
    assert {r.user_id for r in rows} == {watcher.pk, company_watcher.pk}
    assert {r.occasion for r in rows} == {"2026-09-01..2026-09-30"}


@pytest.mark.django_db
def test_reschedule_needs_a_new_valid_range() -> None:
    m = MilestoneFactory()
    editor = UserFactory(role="editor")
    with pytest.raises(ValidationError) as err:
        milestone_record_outcome(milestone=m, status="rescheduled", user=editor)
    assert "new_start" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        milestone_record_outcome(
            milestone=m,
            status="rescheduled",
            user=editor,
            new_start=dt.date(2026, 9, 2),
            new_end=dt.date(2026, 9, 1),
        )
    assert "new_end" in err.value.error_dict
    with pytest.raises(ValidationError):
        milestone_record_outcome(milestone=m, status="upcoming", user=editor)
    m.refresh_from_db()
    assert m.status == "upcoming"
