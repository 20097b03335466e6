import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from deals.models import Citation, Investor, Participation, Round
from deals.services.rounds import InvestorEntry, round_save

from .factories import (
    CitationFactory,
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


def new_round(**fields) -> Round:
    fields.setdefault("company", CompanyFactory())
    fields.setdefault("stage", "series_b")
    fields.setdefault("announced_on", dt.date(2020, 3, 2))
    return Round(**fields)


def test_usd_amount_is_its_own_usd_figure() -> None:
    round_ = round_save(round=new_round(amount=Decimal("5000000"), currency="usd"))
    round_.refresh_from_db()
    assert (round_.currency, round_.amount_usd, round_.amount_usd_source) == (
        "USD",
        Decimal("5000000"),
        "same",
    )


def test_other_currency_is_converted_at_the_announcement_date() -> None:
    round_ = round_save(round=new_round(amount=Decimal("1000000"), currency="EUR"))
    round_.refresh_from_db()
    # ECB reference rate of 2020-03-02: 1.1122 USD per EUR.
    assert (round_.amount_usd, round_.amount_usd_source) == (Decimal("1112200.00"), "converted")


def test_a_stated_usd_figure_is_kept_as_the_articles() -> None:
    round_ = round_save(
        round=new_round(
            amount=Decimal("50000000000"), currency="CNY", amount_usd=Decimal("7360000000")
        )
    )
    round_.refresh_from_db()
    assert (round_.amount_usd, round_.amount_usd_source) == (Decimal("7360000000"), "article")


def test_correcting_the_currency_recomputes_a_converted_figure() -> None:
    round_ = round_save(round=new_round(amount=Decimal("1000000"), currency="EUR"))
    round_.currency = "USD"
    round_save(round=round_)
    round_.refresh_from_db()
    assert (round_.amount_usd, round_.amount_usd_source) == (Decimal("1000000"), "same")


def test_currency_without_ecb_rate_leaves_usd_empty() -> None:
    round_ = round_save(round=new_round(amount=Decimal("100"), currency="NGN"))
    round_.refresh_from_db()
    assert (round_.amount_usd, round_.amount_usd_source) == (None, "")


def test_undisclosed_amount_has_no_usd_figure() -> None:
    round_ = round_save(round=new_round(amount=None, currency=""))
    round_.refresh_from_db()
    assert (round_.amount_usd, round_.amount_usd_source) == (None, "")


def test_investors_become_participations_with_lead_flags() -> None:
    known = InvestorFactory(name="CATL")
    round_ = round_save(
        round=new_round(),
        investors=[
            InvestorEntry(investor=known, name="CATL", lead=True),
            InvestorEntry(investor=None, name="Hillhouse", lead=False),
            InvestorEntry(investor=None, name="  ", lead=False),
        ],
    )
    got = {(p.investor.name, p.lead) for p in round_.participations.select_related("investor")}
    assert got == {("CATL", True), ("Hillhouse", False)}
    assert Investor.objects.filter(name="Hillhouse").count() == 1


def test_replacing_investors_keeps_unchanged_participations_and_their_citations() -> None:
    round_ = RoundFactory()
    kept = ParticipationFactory(round=round_, lead=False)
    dropped = ParticipationFactory(round=round_)
    citation = CitationFactory(participation=kept)
    round_save(
        round=round_,
        investors=[
            InvestorEntry(investor=kept.investor, name=kept.investor.name, lead=True),
            InvestorEntry(investor=None, name="New Fund", lead=False),
        ],
    )
    kept.refresh_from_db()
    assert kept.lead is True
    assert Citation.objects.filter(pk=citation.pk).exists()
    assert not Participation.objects.filter(pk=dropped.pk).exists()
    assert set(round_.participations.values_list("investor__name", flat=True)) == {
        kept.investor.name,
        "New Fund",
    }


def test_the_same_investor_twice_is_one_participation_lead_if_either_is() -> None:
    round_ = round_save(
        round=new_round(),
        investors=[
            InvestorEntry(investor=None, name="Temasek", lead=False),
            InvestorEntry(investor=None, name="temasek", lead=True),
        ],
    )
    assert list(round_.participations.values_list("investor__name", "lead")) == [("Temasek", True)]


def test_without_investors_the_participations_are_left_alone() -> None:
    participation = ParticipationFactory()
    round_save(round=participation.round)
    assert Participation.objects.filter(pk=participation.pk).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": Decimal("-1"), "currency": "USD"}, "amount"),
        ({"amount": Decimal("10"), "currency": ""}, "currency"),
        ({"amount": Decimal("10"), "currency": "XYZ"}, "currency"),
        ({"valuation": Decimal("-5"), "valuation_currency": "USD"}, "valuation"),
        (
            {
                "expected_close_start": dt.date(2027, 6, 30),
                "expected_close_end": dt.date(2027, 6, 1),
            },
            "expected_close_end",
        ),
    ],
)
def test_bad_new_round_is_rejected_and_nothing_is_saved(fields, field) -> None:
    with pytest.raises(ValidationError) as exc:
        round_save(
            round=new_round(**fields), investors=[InvestorEntry(investor=None, name="X", lead=True)]
        )
    assert field in exc.value.message_dict
    assert not Round.objects.exists()
    assert not Investor.objects.exists()


def test_bad_edit_leaves_the_stored_round_and_investors_unchanged() -> None:
    participation = ParticipationFactory(round__amount=Decimal("10"))
    round_ = participation.round
    round_.amount = Decimal("-10")
    with pytest.raises(ValidationError):
        round_save(round=round_, investors=[])
    round_.refresh_from_db()
    assert round_.amount == Decimal("10")
    assert round_.participations.count() == 1


def test_a_failure_while_adding_investors_rolls_back_the_round() -> None:
    round_ = RoundFactory(notes="before")
    round_.notes = "after"
    with pytest.raises(ValidationError):
        # A name longer than the column fails validation after the round was written.
        round_save(
            round=round_, investors=[InvestorEntry(investor=None, name="x" * 300, lead=False)]
        )
    round_.refresh_from_db()
    assert round_.notes == "before"


def test_completing_a_round_settles_its_past_close_but_not_a_later_one() -> None:
    today = timezone.localdate()
    round_ = RoundFactory(status="pending")
    past = MilestoneFactory(
        company=round_.company,
        round=round_,
        kind="funding_close",
        date_start=today - dt.timedelta(days=5),
    )
    later = MilestoneFactory(
        company=round_.company,
        round=round_,
        kind="funding_close",
        date_start=today + dt.timedelta(days=40),
    )
    round_.status = "completed"
    round_save(round=round_)
    past.refresh_from_db()
    later.refresh_from_db()
    assert (past.status, later.status) == ("occurred", "upcoming")
