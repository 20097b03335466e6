import pytest

from deals.models import Participation
from deals.services.companies import company_update
from deals.services.history import history_revert
from deals.services.rounds import InvestorEntry, round_save

from .factories import CompanyFactory, InvestorFactory, MilestoneFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_revert_restores_an_old_name_and_records_the_revert() -> None:
    company = CompanyFactory(name="Old Name", slug="old-name")
    company_update(company=company, name="New Name")
    old = company.history.earliest()
    restored = history_revert(record=old)
    company.refresh_from_db()
    assert restored.pk == company.pk
    assert company.name == "Old Name"
    latest = company.history.first()
    assert latest.history_change_reason.startswith("Reverted to ")
    assert company.history.count() == 3


def test_revert_restores_a_deleted_object() -> None:
    milestone = MilestoneFactory(title="Launch")
    record = milestone.history.get()
    pk = milestone.pk
    milestone.delete()
    history_revert(record=record)
    assert type(milestone).objects.get(pk=pk).title == "Launch"


def test_revert_of_a_round_restores_its_investors_of_that_version() -> None:
    a, b, c = InvestorFactory(name="A"), InvestorFactory(name="B"), InvestorFactory(name="C")
    round_ = RoundFactory(notes="v1")
    round_save(
        round=round_,
        investors=[
            InvestorEntry(investor=a, name="A", lead=True),
            InvestorEntry(investor=b, name="B", lead=False),
        ],
    )
    version = round_.history.first()
    round_.notes = "v2"
    round_save(
        round=round_,
        investors=[
            InvestorEntry(investor=a, name="A", lead=False),
            InvestorEntry(investor=c, name="C", lead=True),
        ],
    )
    history_revert(record=version)
    round_.refresh_from_db()
    assert round_.notes == "v1"
    assert set(
        Participation.objects.filter(round=round_).values_list("investor__name", "lead")
    ) == {
        ("A", True),
        ("B", False),
    }
