"""The proposal edit forms: the round's fields and rules are the round form's."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from deals.forms import RoundForm
from deals.forms_ingest import ProposalMilestoneForm, ProposalRoundForm
from deals.models.rounds import ROUND_EDITOR_FIELDS, ROUND_FIELDS

from .test_forms import round_data


def proposal_data(**overrides: str) -> dict[str, str]:
    # The round form's data, but the company is a name and the investors a box of lines.
    named = SimpleNamespace(pk=None)
    return {**round_data(named), "company": "Acme", "investors": "Acme Ventures", **overrides}


def test_the_forms_show_the_one_list_of_round_fields() -> None:
    assert list(ProposalRoundForm().fields) == ["company", *ROUND_FIELDS, "investors"]
    assert list(RoundForm.base_fields) == ["company", *ROUND_FIELDS, *ROUND_EDITOR_FIELDS]


def test_a_correct_proposal_is_valid_with_its_currency_upper_cased() -> None:
    form = ProposalRoundForm(data=proposal_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["currency"] == "EUR"


def test_a_negative_amount_gets_the_round_forms_message() -> None:
    form = ProposalRoundForm(data=proposal_data(amount="-5"))
    assert form.errors["amount"] == ["Cannot be negative."]


def test_an_unknown_currency_is_reported_once() -> None:
    form = ProposalRoundForm(data=proposal_data(currency="XYZ"))
    assert form.errors["currency"] == [
        "“XYZ” is not an ISO 4217 currency code (e.g. USD, EUR, CNY)."
    ]


def test_rejects_inverted_close_range() -> None:
    form = ProposalRoundForm(
        data=proposal_data(
            status="pending", expected_close_start="2027-06-30", expected_close_end="2027-06-01"
        )
    )
    assert form.errors["expected_close_end"] == ["The expected close range ends before it starts."]


@pytest.mark.parametrize("field", ["announced_on", "expected_close_start", "expected_close_end"])
def test_every_date_of_the_list_is_held_to_the_date_range(field: str) -> None:
    form = ProposalRoundForm(data=proposal_data(**{field: "2200-01-01"}))
    assert form.errors[field] == ["Give a date between 1900 and 2100."]


def test_milestone_rejects_inverted_range() -> None:
    dates = {"date_start": "2027-06-30", "date_end": "2027-06-01"}
    data = {"company": "Acme", "title": "Factory opens", "kind": "other", "precision": "day"}
    form = ProposalMilestoneForm(data=data | dates)
    assert form.errors["date_end"] == ["The date range ends before it starts."]
