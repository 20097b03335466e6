"""The validation rules of rounds and milestones: one place each, called by forms and services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deals.forms import RoundForm
from deals.models import Milestone, Round
from deals.models.rules import money_errors, range_errors
from deals.services.rounds import round_save
from tests.factories import CompanyFactory, RoundFactory

from .test_forms import round_data

JUNE_1, JUNE_30 = dt.date(2027, 6, 1), dt.date(2027, 6, 30)


def test_rejects_inverted_range_on_the_end_field() -> None:
    assert range_errors(JUNE_30, JUNE_1, field="date_end") == {
        "date_end": ["The date range ends before it starts."]
    }
    assert range_errors(JUNE_1, JUNE_30, field="date_end") == {}
    assert range_errors(JUNE_1, JUNE_1, field="date_end") == {}
    assert range_errors(None, JUNE_1, field="date_end") == {}


@pytest.mark.parametrize("field", ["amount", "amount_usd", "valuation"])
def test_a_figure_cannot_be_negative(field: str) -> None:
    errors = money_errors({field: Decimal("-1"), "currency": "USD", "valuation_currency": "USD"})
    assert errors == {field: ["Cannot be negative."]}


def test_a_zero_figure_is_refused_only_when_typed() -> None:
    values = {"amount": Decimal(0), "currency": "USD"}
    assert money_errors(values) == {}
    assert money_errors(values, typed=True) == {
        "amount": ["Leave it empty when undisclosed; zero is not an amount."]
    }


def test_a_figure_needs_a_known_currency() -> None:
    assert money_errors({"amount": Decimal(5), "currency": ""}) == {
        "currency": ["Give the currency of the amount."]
    }
    assert money_errors({"valuation": Decimal(5), "valuation_currency": "XYZ"}) == {
        "valuation_currency": ["“XYZ” is not an ISO 4217 currency code (e.g. USD, EUR, CNY)."]
    }


def test_a_currency_that_failed_its_own_check_is_not_reported_again() -> None:
    # A form drops a field whose own clean failed from its cleaned data.
    assert money_errors({"amount": Decimal(5)}) == {}


@pytest.mark.django_db
def test_the_form_and_the_service_give_the_same_message_for_one_rule() -> None:
    form = RoundForm(data=round_data(CompanyFactory(), currency="XYZ"))
    assert not form.is_valid()
    with pytest.raises(ValidationError) as exc:
        round_save(round=Round(company=CompanyFactory(), amount=Decimal(5), currency="XYZ"))
    assert exc.value.message_dict["currency"] == form.errors["currency"]


@pytest.mark.django_db
def test_a_milestone_round_must_be_one_of_its_companys() -> None:
    round_ = RoundFactory()
    errors = Milestone.field_errors(
        date_start=JUNE_1, date_end=JUNE_30, company_id=CompanyFactory().pk, round=round_
    )
    assert errors == {"round": ["This round belongs to another company."]}
    assert (
        Milestone.field_errors(
            date_start=JUNE_1, date_end=JUNE_30, company_id=round_.company_id, round=round_
        )
        == {}
    )
