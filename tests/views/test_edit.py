import datetime as dt
from decimal import Decimal

import pytest
from django.urls import resolve, reverse

from deals.models import Company, Investor, Milestone, Participation, Round
from deals.services.companies import company_update
from deals.views import edit

from ..factories import (
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


def round_post(company, rows, **overrides) -> dict:
    data = {
        "company": company.pk,
        "stage": "series_a",
        "status": "pending",
        "amount": "50000000000",
        "currency": "CNY",
        "amount_qualifier": "exact",
        "amount_usd": "7360000000",
        "valuation_basis": "unknown",
        "valuation_qualifier": "above",
        "announced_on": "2025-06-02",
        "investors-TOTAL_FORMS": str(len(rows)),
        "investors-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(rows):
        data.update({f"investors-{i}-{k}": v for k, v in row.items()})
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("path", "view"),
    [
        ("/companies/new/", edit.company_create),
        ("/investors/new/", edit.investor_create),
        ("/investors/autocomplete/", edit.investor_autocomplete),
        ("/rounds/new/", edit.round_create),
        ("/rounds/investor-row/", edit.round_investor_row),
        ("/milestones/new/", edit.milestone_create),
    ],
)
def test_fixed_paths_are_not_read_as_slugs(path, view) -> None:
    # Reading pages use companies/<slug>/: these must still reach the editing views.
    assert resolve(path).func == view


def test_editor_creates_a_company_and_lands_on_its_page(editor_client, editor) -> None:
    response = editor_client.post(
        reverse("deals:company_create"),
        {"name": "DeepSeek", "aliases": "DeepSeek AI\nHangzhou DeepSeek", "country": "cn"},
    )
    company = Company.objects.get(name="DeepSeek")
    assert response.status_code == 302
    assert company.aliases == ["DeepSeek AI", "Hangzhou DeepSeek"]
    assert company.country == "CN"
    assert company.history.get().history_user == editor


def test_company_edit_rerenders_with_errors_and_saves_nothing(editor_client) -> None:
    company = CompanyFactory(name="Acme", website="")
    response = editor_client.post(
        reverse("deals:company_edit", args=[company.slug]),
        {"name": "Acme Typed", "website": "not a url", "country": "US"},
    )
    assert response.status_code == 200
    assert 'value="Acme Typed"' in response.text
    assert "Enter a valid URL." in response.text
    company.refresh_from_db()
    assert company.name == "Acme"


def test_investor_create_and_edit(editor_client) -> None:
    catl = CompanyFactory(name="CATL")
    response = editor_client.post(
        reverse("deals:investor_create"),
        {
            "name": "CATL",
            "kind": "corporate",
            "company": catl.pk,
            "aliases": "Contemporary Amperex",
        },
    )
    assert response.status_code == 302
    investor = Investor.objects.get(name="CATL")
    assert investor.company == catl
    response = editor_client.post(
        reverse("deals:investor_edit", args=[investor.slug]),
        {"name": "CATL", "kind": "corporate", "aliases": ""},
    )
    assert response.status_code == 302
    investor.refresh_from_db()
    assert (investor.company, investor.aliases) == (None, [])


def test_round_create_preselects_the_company(editor_client) -> None:
    company = CompanyFactory(slug="deepseek")
    response = editor_client.get(reverse("deals:round_create") + "?company=deepseek")
    assert f'<option value="{company.pk}" selected>' in response.text


def test_editor_creates_a_round_with_two_investors(editor_client, editor) -> None:
    company = CompanyFactory()
    catl = InvestorFactory(name="CATL")
    response = editor_client.post(
        reverse("deals:round_create"),
        round_post(
            company,
            [
                {"investor": catl.pk, "name": "CATL", "lead": "on"},
                {"name": "Hillhouse Capital"},
            ],
        ),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    round_ = Round.objects.get(company=company)
    assert (round_.amount_usd, round_.amount_usd_source) == (Decimal("7360000000"), "article")
    assert set(round_.participations.values_list("investor__name", "lead")) == {
        ("CATL", True),
        ("Hillhouse Capital", False),
    }
    assert round_.history.get().history_user == editor


def test_round_error_rerenders_with_everything_typed_and_saves_nothing(editor_client) -> None:
    company = CompanyFactory()
    response = editor_client.post(
        reverse("deals:round_create"),
        round_post(
            company,
            [{"name": "Hillhouse Capital", "lead": "on"}, {"name": "Typed Fund"}],
            currency="XYZ",
            notes="keep me",
        ),
    )
    assert response.status_code == 200
    assert "is not an ISO 4217 currency code" in response.text
    for typed in ('value="XYZ"', 'value="Hillhouse Capital"', 'value="Typed Fund"', "keep me"):
        assert typed in response.text
    assert not Round.objects.exists()
    assert not Investor.objects.exists()


def test_round_edit_shows_and_replaces_investors(editor_client) -> None:
    participation = ParticipationFactory(investor__name="Old Fund", lead=True)
    round_ = participation.round
    url = reverse("deals:round_edit", args=[round_.pk])
    page = editor_client.get(url)
    assert 'value="Old Fund"' in page.text
    data = round_post(
        round_.company,
        [
            {"investor": participation.investor.pk, "name": "Old Fund", "DELETE": "on"},
            {"name": "New Fund", "lead": "on"},
        ],
        **{"investors-INITIAL_FORMS": "1"},
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert list(round_.participations.values_list("investor__name", "lead")) == [("New Fund", True)]


def test_add_investor_without_javascript_returns_one_more_row(editor_client) -> None:
    company = CompanyFactory()
    response = editor_client.post(
        reverse("deals:round_create"),
        round_post(company, [{"name": "First Fund"}], currency="XYZ", add_investor="1"),
    )
    assert response.status_code == 200
    assert 'name="investors-1-name"' in response.text
    assert 'value="First Fund"' in response.text
    # Asking for a row is not a save attempt: nothing is flagged yet.
    assert "is not an ISO 4217 currency code" not in response.text
    assert not Round.objects.exists()


def test_investor_row_fragment_advances_the_formset(editor_client) -> None:
    response = editor_client.get(reverse("deals:round_investor_row") + "?index=3")
    html = response.text
    assert response.status_code == 200
    assert 'id="investor-row-3"' in html
    assert 'name="investors-3-name"' in html
    assert 'name="investors-3-DELETE"' in html
    assert 'name="investors-TOTAL_FORMS" value="4"' in html
    assert "?index=4" in html
    assert html.count('hx-swap-oob="true"') == 2
    assert "<script" not in html


def test_investor_row_remove_returns_a_hidden_delete_flag(editor_client) -> None:
    response = editor_client.get(reverse("deals:round_investor_row") + "?index=2&remove=1")
    assert 'name="investors-2-DELETE" value="on"' in response.text
    assert "TOTAL_FORMS" not in response.text


def test_investor_row_refuses_a_bad_index(editor_client) -> None:
    response = editor_client.get(reverse("deals:round_investor_row") + "?index=-1")
    assert response.status_code == 400


def test_autocomplete_finds_an_investor_by_alias(editor_client) -> None:
    InvestorFactory(name="Andreessen Horowitz", aliases=["a16z"])
    InvestorFactory(name="Sequoia Capital")
    response = editor_client.get(reverse("deals:investor_autocomplete") + "?q=A16Z")
    assert '<option value="Andreessen Horowitz">a16z</option>' in response.text
    assert "Sequoia" not in response.text


def test_autocomplete_reads_the_value_of_the_named_row_input(editor_client) -> None:
    InvestorFactory(name="Sequoia Capital")
    url = reverse("deals:investor_autocomplete")
    response = editor_client.get(url, {"field": "investors-2-name", "investors-2-name": "sequ"})
    assert 'value="Sequoia Capital"' in response.text


def test_milestone_create_preselects_company_and_round(editor_client) -> None:
    round_ = RoundFactory()
    url = reverse("deals:milestone_create") + f"?company={round_.company.slug}&round={round_.pk}"
    page = editor_client.get(url)
    assert f'<option value="{round_.company.pk}" selected>' in page.text
    assert f'<option value="{round_.pk}" selected>' in page.text
    response = editor_client.post(
        url,
        {
            "company": round_.company.pk,
            "round": round_.pk,
            "title": "Funding round close",
            "kind": "funding_close",
            "date_start": "2027-06-01",
            "date_end": "2027-06-30",
            "precision": "month",
            "status": "upcoming",
        },
    )
    assert response.status_code == 302
    assert Milestone.objects.get(round=round_).precision == "month"


def test_milestone_edit_with_inverted_range_keeps_typed_dates(editor_client) -> None:
    milestone = MilestoneFactory(date_start=dt.date(2027, 6, 1), date_end=dt.date(2027, 6, 1))
    response = editor_client.post(
        reverse("deals:milestone_edit", args=[milestone.pk]),
        {
            "company": milestone.company.pk,
            "title": "Moved",
            "kind": "product_release",
            "date_start": "2027-07-01",
            "date_end": "2027-06-15",
            "precision": "day",
            "status": "upcoming",
        },
    )
    assert response.status_code == 200
    assert "The date range ends before it starts." in response.text
    assert 'value="2027-06-15"' in response.text
    milestone.refresh_from_db()
    assert milestone.title != "Moved"


def test_revert_confirmation_then_revert_restores_the_old_name(editor_client, editor) -> None:
    company = CompanyFactory(name="Old Name")
    company_update(company=company, name="New Name")
    record = company.history.earliest()
    url = reverse(
        "deals:history_revert", kwargs={"model": "company", "history_id": record.history_id}
    )
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "New Name" in page.text and "Old Name" in page.text
    company.refresh_from_db()
    assert company.name == "New Name"  # GET changes nothing

    response = editor_client.post(url)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Old Name"
    latest = company.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to ")


def test_revert_of_an_unknown_model_is_404(editor_client) -> None:
    url = reverse("deals:history_revert", kwargs={"model": "user", "history_id": 1})
    assert editor_client.post(url).status_code == 404


def test_revert_that_cannot_apply_is_explained(editor_client) -> None:
    # The old slug has since been taken by another company: the revert is refused.
    company = CompanyFactory(slug="acme")
    record = company.history.get()
    company_update(company=company, slug="acme-old")
    CompanyFactory(slug="acme")
    url = reverse(
        "deals:history_revert", kwargs={"model": "company", "history_id": record.history_id}
    )
    response = editor_client.post(url)
    assert response.status_code == 200
    assert "cannot be restored" in response.text
    company.refresh_from_db()
    assert company.slug == "acme-old"


def test_round_revert_page_mentions_investors(editor_client) -> None:
    participation = ParticipationFactory()
    record = participation.round.history.get()
    url = reverse(
        "deals:history_revert", kwargs={"model": "round", "history_id": record.history_id}
    )
    assert "investors go back" in editor_client.get(url).text
    assert Participation.objects.count() == 1
