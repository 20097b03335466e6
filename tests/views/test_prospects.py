"""Prospective investors on the pages: labelled "in talks"/"considering" wherever a round's
investors show, counted nowhere; editors confirm or drop them on the round page
(a form, or an HTMX swap of the investors section); analysts cannot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from deals import page_cache
from deals.models import Participation
from tests.factories import (
    CompanyFactory,
    InvestorFactory,
    ParticipationFactory,
    ProposalFactory,
    RoundFactory,
)
from tests.views.test_edit import round_post

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_facts_version(db):
    # Tests roll their rows back, Redis keeps its keys: start each on a new version.
    page_cache.facts_changed()


@pytest.fixture
def prospect() -> Participation:
    """CATL considering DeepSeek's pending round, beside a confirmed investor."""
    deepseek = CompanyFactory(name="DeepSeek")
    round_ = RoundFactory(company=deepseek, status="pending", announced_on=dt.date(2026, 11, 28))
    ParticipationFactory(round=round_, investor=InvestorFactory(name="Sure Capital"))
    return ParticipationFactory(
        round=round_, investor=InvestorFactory(name="CATL"), commitment="considering"
    )


def _confirm_url(p: Participation) -> str:
    return reverse("deals:participation_confirm", args=[p.pk])


def _drop_url(p: Participation) -> str:
    return reverse("deals:participation_drop", args=[p.pk])


def test_round_page_labels_the_prospect_and_offers_no_action_to_analysts(analyst_client, prospect):
    html = analyst_client.get(reverse("deals:round_detail", args=[prospect.round_id])).text
    assert "In talks or considering" in html
    assert '<span class="badge prospect">considering</span>' in html
    assert _confirm_url(prospect) not in html and _drop_url(prospect) not in html


def test_round_page_gives_editors_real_forms_that_htmx_enhances(editor_client, prospect):
    html = editor_client.get(reverse("deals:round_detail", args=[prospect.round_id])).text
    for url in (_confirm_url(prospect), _drop_url(prospect)):
        assert f'action="{url}"' in html
        assert f'hx-post="{url}" hx-target="#investors"' in html


def test_company_page_labels_the_prospect_in_timeline_and_investors(analyst_client, prospect):
    html = analyst_client.get(prospect.round.company.get_absolute_url()).text
    assert 'CATL</a> <span class="prospect">(considering)</span>' in html
    assert "considering</span> not invested yet" in html
    assert 'Sure Capital</a> <span class="small muted">1 round' in html


def test_investor_page_lists_the_prospect_apart_from_rounds_joined(analyst_client, prospect):
    url = reverse("deals:investor_detail", args=[prospect.investor.slug])
    html = analyst_client.get(url).text
    assert "led 0, joined 0; in talks or considering 1, not counted" in html
    assert 'id="prospects"' in html and '<span class="badge prospect">considering</span>' in html
    assert "No rounds recorded." in html  # no portfolio company


def test_rounds_list_and_dashboard_label_the_prospect(analyst_client, prospect):
    label = 'CATL</a> <span class="prospect">(considering)</span>'
    assert label in analyst_client.get(reverse("deals:round_list")).text
    assert label in analyst_client.get(reverse("deals:dashboard")).text


def test_confirm_by_form_post_redirects_to_the_round(editor_client, prospect):
    response = editor_client.post(_confirm_url(prospect))
    assert response.status_code == 302
    assert response["Location"] == reverse("deals:round_detail", args=[prospect.round_id])
    prospect.refresh_from_db()
    assert prospect.commitment == "confirmed"
    page = editor_client.get(response["Location"]).text
    assert "Confirmed CATL as an investor." in page


def test_confirm_under_htmx_swaps_the_investors_section(editor_client, editor, prospect):
    response = editor_client.post(_confirm_url(prospect), **HTMX)
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<section class="card" id="investors">')
    assert "<html" not in html
    assert "Confirmed CATL as an investor." in html
    assert "In talks or considering" not in html
    assert f"{editor.get_username()}</strong> changed CATL" in html
    assert prospect.history.latest().history_user == editor


def test_drop_under_htmx_removes_the_prospect_and_keeps_its_history(editor_client, prospect):
    response = editor_client.post(_drop_url(prospect), **HTMX)
    assert response.status_code == 200
    assert not Participation.objects.filter(pk=prospect.pk).exists()
    assert "Dropped CATL from the round." in response.text
    assert 'deleted CATL <span class="muted">(Dropped (considering))' in response.text


def test_a_confirmed_investor_cannot_be_dropped_here(editor_client, prospect):
    investor = prospect.round.participations.get(commitment="confirmed")
    response = editor_client.post(_drop_url(investor), **HTMX)
    assert response.status_code == 200
    assert "already confirmed as an investor" in response.text
    assert Participation.objects.filter(pk=investor.pk).exists()


@pytest.mark.parametrize("url", [_confirm_url, _drop_url])
def test_analysts_get_403_and_change_nothing(analyst_client, prospect, url):
    assert analyst_client.post(url(prospect)).status_code == 403
    prospect.refresh_from_db()
    assert prospect.commitment == "considering"


def test_an_analysts_cached_pages_follow_the_editors_decision(
    analyst_client, editor_client, prospect
):
    company = prospect.round.company.get_absolute_url()
    investor = reverse("deals:investor_detail", args=[prospect.investor.slug])
    assert "(considering)" in analyst_client.get(company).text
    assert "joined 0" in analyst_client.get(investor).text
    editor_client.post(_confirm_url(prospect))
    assert "(considering)" not in analyst_client.get(company).text
    assert "joined 1" in analyst_client.get(investor).text


class TestReviewQueue:
    @pytest.fixture
    def proposal(self):
        proposal = ProposalFactory()
        proposal.payload["investors"].append(
            {"name": "CATL", "lead": False, "commitment": "in_talks", "match": None}
        )
        proposal.save()
        return proposal

    def test_the_card_labels_an_investor_in_talks(self, editor_client, proposal):
        html = editor_client.get(reverse("deals:article_detail", args=[proposal.article_id])).text
        assert 'CATL <span class="badge prospect">in talks</span>' in html

    def test_the_edit_form_writes_the_commitment_as_a_tag(self, editor_client, proposal):
        card = editor_client.get(reverse("deals:proposal_edit", args=[proposal.pk]), **HTMX)
        assert "Example Ventures (lead)\nCATL (in talks)</textarea>" in card.text

    def test_edit_then_accept_reads_the_tags(self, editor_client, proposal):
        data = {
            "company": "Acme",
            "stage": "series_a",
            "status": "pending",
            "amount_qualifier": "exact",
            "valuation_basis": "unknown",
            "valuation_qualifier": "exact",
            "investors": "Example Ventures (lead)\nCATL (Considering)\nNew Fund (lead) (in talks)",
        }
        response = editor_client.post(reverse("deals:proposal_edit", args=[proposal.pk]), data)
        assert response.status_code == 302
        proposal.refresh_from_db()
        rows = proposal.matched_round.participations.values_list(
            "investor__name", "lead", "commitment"
        )
        assert sorted(rows) == [
            ("CATL", False, "considering"),
            ("Example Ventures", True, "confirmed"),
            ("New Fund", True, "in_talks"),
        ]

    def test_two_commitments_for_one_investor_are_refused(self, editor_client, proposal):
        data = {
            "company": "Acme",
            "stage": "series_a",
            "status": "pending",
            "amount_qualifier": "exact",
            "valuation_basis": "unknown",
            "valuation_qualifier": "exact",
            "investors": "CATL (in talks) (considering)",
        }
        response = editor_client.post(reverse("deals:proposal_edit", args=[proposal.pk]), data)
        assert response.status_code == 200
        assert "CATL: either in talks or considering, not both." in response.text
        assert "CATL (in talks) (considering)</textarea>" in response.text


class TestRoundForm:
    def test_the_form_shows_each_investors_commitment(self, editor_client, prospect):
        html = editor_client.get(reverse("deals:round_edit", args=[prospect.round_id])).text
        assert '<option value="considering" selected>Considering</option>' in html

    def test_an_investor_entered_as_in_talks_is_a_prospect(self, editor_client):
        company = CompanyFactory()
        rows = [
            {"name": "Sure Capital", "lead": "on", "commitment": "confirmed"},
            {"name": "Maybe Fund", "commitment": "in_talks"},
        ]
        response = editor_client.post(reverse("deals:round_create"), round_post(company, rows))
        assert response.status_code == 302
        saved = Participation.objects.values_list("investor__name", "lead", "commitment")
        assert sorted(saved) == [
            ("Maybe Fund", False, "in_talks"),
            ("Sure Capital", True, "confirmed"),
        ]

    def test_a_row_posted_without_a_commitment_keeps_the_one_on_file(self, editor_client, prospect):
        rows = [{"investor": prospect.investor_id, "name": "CATL"}]
        data = round_post(prospect.round.company, rows, stage="series_a")
        url = reverse("deals:round_edit", args=[prospect.round_id])
        assert editor_client.post(url, data).status_code == 302
        prospect.refresh_from_db()
        assert prospect.commitment == "considering"
