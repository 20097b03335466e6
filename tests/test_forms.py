import pytest

from deals.forms import CompanyForm, InvestorFormSet, MilestoneForm, RoundForm

from .factories import CompanyFactory, InvestorFactory, RoundFactory

pytestmark = pytest.mark.django_db


def round_data(company, **overrides) -> dict:
    data = {
        "company": company.pk,
        "stage": "series_a",
        "status": "completed",
        "amount": "1000000",
        "currency": "eur",
        "amount_qualifier": "exact",
        "valuation_basis": "unknown",
        "valuation_qualifier": "exact",
        "announced_on": "2025-01-15",
    }
    data.update(overrides)
    return data


def test_company_form_splits_aliases_on_commas_and_lines() -> None:
    form = CompanyForm(
        data={
            "name": " DeepSeek ",
            "aliases": "DeepSeek AI, Hangzhou DeepSeek\ndeepseek ai\n\ndeepseek",
            "country": "cn",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "DeepSeek"
    assert form.cleaned_data["aliases"] == ["DeepSeek AI", "Hangzhou DeepSeek"]
    assert form.cleaned_data["country"] == "CN"


def test_company_form_shows_aliases_one_per_line() -> None:
    form = CompanyForm(instance=CompanyFactory(aliases=["A", "B"]))
    assert "A\nB" in str(form["aliases"])


def test_company_form_rejects_unknown_country() -> None:
    form = CompanyForm(data={"name": "Acme", "country": "XX"})
    assert not form.is_valid()
    assert "country" in form.errors


def test_round_form_upper_cases_a_known_currency() -> None:
    form = RoundForm(data=round_data(CompanyFactory()))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["currency"] == "EUR"


def test_round_form_rejects_unknown_currency_with_a_clear_message() -> None:
    form = RoundForm(data=round_data(CompanyFactory(), currency="XYZ"))
    assert not form.is_valid()
    assert form.errors["currency"] == [
        "“XYZ” is not an ISO 4217 currency code (e.g. USD, EUR, CNY)."
    ]


@pytest.mark.parametrize("field", ["amount", "amount_usd", "valuation"])
def test_round_form_rejects_negative_money(field) -> None:
    form = RoundForm(data=round_data(CompanyFactory(), valuation_currency="USD", **{field: "-5"}))
    assert not form.is_valid()
    assert form.errors[field] == ["Cannot be negative."]


def test_round_form_requires_a_currency_with_an_amount() -> None:
    form = RoundForm(data=round_data(CompanyFactory(), currency=""))
    assert not form.is_valid()
    assert form.errors["currency"] == ["Give the currency of the amount."]


def test_round_form_rejects_inverted_expected_close() -> None:
    form = RoundForm(
        data=round_data(
            CompanyFactory(), expected_close_start="2027-06-30", expected_close_end="2027-06-01"
        )
    )
    assert not form.is_valid()
    assert form.errors["expected_close_end"] == ["The expected close range ends before it starts."]


def test_round_form_rejects_unknown_valuation_basis() -> None:
    form = RoundForm(data=round_data(CompanyFactory(), valuation_basis="sideways"))
    assert not form.is_valid()
    assert "valuation_basis" in form.errors


def test_round_form_marks_a_typed_usd_figure_as_stated() -> None:
    form = RoundForm(data=round_data(CompanyFactory(), amount_usd="1200000"))
    assert form.is_valid(), form.errors
    assert form.round_to_save().amount_usd_source == "article"


def test_round_form_leaves_a_converted_figure_out_so_it_is_recomputed() -> None:
    round_ = RoundFactory(currency="EUR", amount_usd=123, amount_usd_source="converted")
    form = RoundForm(instance=round_)
    assert form["amount_usd"].value() is None


def test_investor_formset_drops_deleted_and_blank_rows() -> None:
    known = InvestorFactory(name="CATL")
    data = {
        "investors-TOTAL_FORMS": "4",
        "investors-INITIAL_FORMS": "1",
        "investors-0-investor": known.pk,
        "investors-0-name": "CATL",
        "investors-0-lead": "on",
        "investors-1-name": "Dropped Fund",
        "investors-1-DELETE": "on",
        "investors-2-name": "",
        "investors-3-name": "  New   Fund ",
    }
    formset = InvestorFormSet(data, prefix="investors")
    assert formset.is_valid(), formset.errors
    entries = formset.entries()
    assert [(e.investor, e.name, e.lead) for e in entries] == [
        (known, "CATL", True),
        (None, "New Fund", False),
    ]


def test_investor_row_renamed_is_no_longer_the_hidden_investor() -> None:
    known = InvestorFactory(name="CATL")
    data = {
        "investors-TOTAL_FORMS": "1",
        "investors-INITIAL_FORMS": "1",
        "investors-0-investor": known.pk,
        "investors-0-name": "Tencent",
    }
    formset = InvestorFormSet(data, prefix="investors")
    assert formset.is_valid()
    assert formset.entries()[0].investor is None


def test_investor_row_lead_without_a_name_is_an_error() -> None:
    data = {"investors-TOTAL_FORMS": "1", "investors-INITIAL_FORMS": "0", "investors-0-lead": "on"}
    formset = InvestorFormSet(data, prefix="investors")
    assert not formset.is_valid()
    assert formset.errors[0]["name"] == ["Name the lead investor."]


def test_milestone_form_rejects_inverted_range() -> None:
    form = MilestoneForm(
        data={
            "company": CompanyFactory().pk,
            "title": "Launch",
            "kind": "product_release",
            "date_start": "2027-06-30",
            "date_end": "2027-06-01",
            "precision": "month",
            "status": "upcoming",
        }
    )
    assert not form.is_valid()
    assert form.errors["date_end"] == ["The date range ends before it starts."]


def test_milestone_form_rejects_unknown_precision() -> None:
    form = MilestoneForm(
        data={
            "company": CompanyFactory().pk,
            "title": "Launch",
            "kind": "product_release",
            "date_start": "2027-06-01",
            "date_end": "2027-06-30",
            "precision": "fortnight",
            "status": "upcoming",
        }
    )
    assert not form.is_valid()
    assert "precision" in form.errors
