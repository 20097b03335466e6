import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from deals.models import Milestone
from deals.services.milestones import milestone_save

from .factories import CompanyFactory, MilestoneFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_saves_a_month_precision_milestone() -> None:
    company = CompanyFactory()
    milestone = milestone_save(
        milestone=Milestone(
            company=company,
            title="V4.1 model release",
            kind="product_release",
            date_start=dt.date(2027, 6, 1),
            date_end=dt.date(2027, 6, 30),
            precision="month",
        )
    )
    milestone.refresh_from_db()
    assert (milestone.precision, milestone.date_end) == ("month", dt.date(2027, 6, 30))
    assert milestone.history.get().history_change_reason == "Created"


def test_rejects_inverted_range_and_saves_nothing() -> None:
    milestone = MilestoneFactory(date_start=dt.date(2027, 6, 1), date_end=dt.date(2027, 6, 1))
    milestone.date_end = dt.date(2027, 5, 1)
    with pytest.raises(ValidationError) as exc:
        milestone_save(milestone=milestone)
    assert "date_end" in exc.value.message_dict
    milestone.refresh_from_db()
    assert milestone.date_end == dt.date(2027, 6, 1)


def test_rejects_a_round_of_another_company() -> None:
    milestone = MilestoneFactory.build(company=CompanyFactory(), round=RoundFactory())
    with pytest.raises(ValidationError) as exc:
        milestone_save(milestone=milestone)
    assert "round" in exc.value.message_dict
    assert not Milestone.objects.exists()
