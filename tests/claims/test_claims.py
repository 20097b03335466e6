"""Two articles report one round differently: both versions are kept, an editor settles it.

The articles (tests/claims/articles.py) are pasted and run through the real
ingest pipeline; acceptance goes through the review service, picking through the
editor's POST.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from deals.models import Proposal, Round, RoundClaim
from deals.services.proposals import proposal_accept

from .articles import LEDGER, LEDGER_DAY, WIRE, WIRE_DAY, ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(editor) -> Round:
    """The wire story accepted first, then the business paper's differing report."""
    wire = ingest(WIRE, title="Qinghe raises", publisher="example-wire.com", published_at=WIRE_DAY)
    first = proposal_accept(proposal=wire.proposals.get(kind="round"), user=editor)
    ledger = ingest(
        LEDGER, title="Qinghe closes", publisher="dailyledger.example", published_at=LEDGER_DAY
    )
    proposal = ledger.proposals.get(kind="round")
    # The review queue already shows it as a report of the round on file.
    assert proposal.matched_round_id == first.pk
    second = proposal_accept(proposal=proposal, user=editor)
    assert second.pk == first.pk
    second.refresh_from_db()
    return second


def _claim(round_: Round, field: str, publisher: str) -> RoundClaim:
    return round_.claims.get(field=field, article__publisher=publisher)


def test_each_article_keeps_its_version_and_the_round_is_not_overwritten(reported):
    assert Round.objects.count() == 1
    amounts = {
        c.article.publisher: c.value["amount"] for c in reported.claims.filter(field="amount")
    }
    assert amounts == {"example-wire.com": "5000000000", "dailyledger.example": "6000000000"}
    wire_val = _claim(reported, "valuation", "example-wire.com")
    ledger_val = _claim(reported, "valuation", "dailyledger.example")
    assert wire_val.value["valuation_qualifier"] == "above"
    assert ledger_val.value["valuation_currency"] == "USD"
    assert ledger_val.reported_on == dt.date(2026, 12, 5)
    assert "6 billion yuan" in _claim(reported, "amount", "dailyledger.example").sentence
    # The first accepted version stands until an editor chooses.
    assert reported.amount == Decimal("5000000000") and reported.valuation_currency == "CNY"
    # Stage and status agree; the figures and the lead do not.
    assert sorted(reported.reports_differ) == ["amount", "lead", "valuation"]


def test_another_lead_is_a_claim_not_a_second_lead(reported):
    leads = {c.article.publisher: c.value["leads"] for c in reported.claims.filter(field="lead")}
    assert leads == {
        "example-wire.com": "Larchmont Capital",
        "dailyledger.example": "Peakwater Partners",
    }
    flags = {p.investor.name: p.lead for p in reported.participations.select_related("investor")}
    assert flags == {"Larchmont Capital": True, "Peakwater Partners": False}


def test_editor_picks_the_other_lead(reported, editor, editor_client):
    ledger = _claim(reported, "lead", "dailyledger.example")

    editor_client.post(reverse("deals:round_claim_pick", args=[ledger.pk]))

    flags = {p.investor.name: p.lead for p in reported.participations.select_related("investor")}
    assert flags == {"Larchmont Capital": False, "Peakwater Partners": True}
    reported.refresh_from_db()
    assert "lead" not in reported.reports_differ
    assert reported.history.latest().history_user == editor


def test_round_page_shows_the_accepted_value_beside_every_differing_report(
    reported, analyst_client
):
    page = analyst_client.get(reported.get_absolute_url()).content.decode()
    assert 'id="reports"' in page
    assert "example-wire.com, 3 Dec" in page and "dailyledger.example, 5 Dec" in page
    assert "CN¥6 billion" in page and "more than CN¥35 billion" in page and "$4.5 billion" in page
    # The quote is there on hover and when expanded.
    assert 'title="Qinghe Microsystems Co., Ltd. said it raised 6 billion yuan' in page
    # Analysts see the reports but no buttons to settle them.
    assert "Use this" not in page and "Keep “reports differ”" not in page


def test_editor_picks_a_report_and_history_records_who_chose_what(reported, editor, editor_client):
    ledger = _claim(reported, "amount", "dailyledger.example")

    response = editor_client.post(reverse("deals:round_claim_pick", args=[ledger.pk]))

    assert response.status_code == 302 and response["Location"].endswith("#reports")
    reported.refresh_from_db()
    assert reported.amount == Decimal("6000000000") and reported.currency == "CNY"
    # The USD figure follows the chosen amount, not the one it replaced.
    assert reported.amount_usd is None or reported.amount_usd > Decimal("800000000")
    assert reported.reports_differ == ["lead", "valuation"]
    latest = reported.history.latest()
    assert latest.history_user == editor
    assert (
        latest.history_change_reason
        == "Chose amount as reported by dailyledger.example, 05 Dec 2026"
    )
    page = editor_client.get(reported.get_absolute_url()).content.decode()
    assert "Chose amount as reported by dailyledger.example" in page
    # Both reports stay on record; the picked one is now the accepted one.
    assert reported.claims.filter(field="amount").count() == 2


def test_editor_keeps_reports_differ_with_history(reported, editor, editor_client):
    reported.reports_differ = []
    reported.save()

    editor_client.post(reverse("deals:round_claim_keep", args=[reported.pk, "valuation"]))

    reported.refresh_from_db()
    assert reported.reports_differ == ["valuation"]
    latest = reported.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Kept reports differ on valuation"


def test_company_timeline_marks_the_round_whose_reports_differ(reported, analyst_client):
    page = analyst_client.get(reported.company.get_absolute_url()).content.decode()
    assert f'href="{reported.get_absolute_url()}#reports"' in page
    assert "Reports differ on amount, lead, valuation" in page


def test_settled_round_loses_its_timeline_mark(reported, editor_client, analyst_client):
    for field in ("amount", "lead", "valuation"):
        claim = _claim(reported, field, "example-wire.com")
        editor_client.post(reverse("deals:round_claim_pick", args=[claim.pk]))
    reported.refresh_from_db()
    assert reported.reports_differ == []
    page = analyst_client.get(reported.company.get_absolute_url()).content.decode()
    assert "#reports" not in page


def test_analyst_cannot_pick_or_keep(reported, analyst_client):
    claim = _claim(reported, "amount", "dailyledger.example")
    pick = reverse("deals:round_claim_pick", args=[claim.pk])
    assert analyst_client.post(pick).status_code == 403
    keep = reverse("deals:round_claim_keep", args=[reported.pk, "amount"])
    assert analyst_client.post(keep).status_code == 403
    reported.refresh_from_db()
    assert reported.amount == Decimal("5000000000")


def test_pick_without_csrf_token_is_refused(reported, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    claim = _claim(reported, "amount", "dailyledger.example")
    assert client.post(reverse("deals:round_claim_pick", args=[claim.pk])).status_code == 403
    reported.refresh_from_db()
    assert reported.amount == Decimal("5000000000")


def test_unknown_fact_or_claim_is_a_clear_error_not_a_500(reported, editor_client):
    keep = reverse("deals:round_claim_keep", args=[reported.pk, "ceo"])
    response = editor_client.post(keep, follow=True)
    assert response.status_code == 200 and "Unknown fact" in response.content.decode()
    assert editor_client.post(reverse("deals:round_claim_pick", args=[999999])).status_code == 404


def test_an_article_claims_a_fact_of_a_round_once(reported):
    claim = _claim(reported, "amount", "example-wire.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundClaim.objects.create(
            round=reported, field="amount", article=claim.article, value={"amount": "1"}
        )


def test_accepting_the_same_article_again_adds_no_second_claim(reported, editor):
    ledger = _claim(reported, "amount", "dailyledger.example").article
    again = Proposal.objects.create(
        article=ledger,
        kind="round",
        fingerprint="again",
        payload=ledger.proposals.get(kind="round").payload,
        sentence="Qinghe raised 6 billion yuan.",
    )
    proposal_accept(proposal=again, user=editor)
    assert reported.claims.filter(article=ledger, field="amount").count() == 1


class TestSameRoundReportedDifferently:
    """The resolver's rule that lets a differing figure be the same round."""

    @pytest.fixture
    def known(self):
        from tests.factories import RoundFactory

        return RoundFactory(
            stage="series_c",
            amount=Decimal("50000000000"),
            currency="CNY",
            amount_usd=None,
            announced_on=dt.date(2026, 12, 3),
        )

    def _find(self, known, amount: str, stage: str, day: dt.date):
        from deals.ingest.resolve import find_matching_round
        from deals.ingest.types import ExtractedRound, Money

        extracted = ExtractedRound(
            company=known.company.name, stage=stage, amount=Money(Decimal(amount), "CNY")
        )
        return find_matching_round(
            company_id=known.company_id, extracted=extracted, reported_on=day
        )

    def test_a_fifth_more_days_later_with_the_same_stage_is_the_same_round(self, known):
        assert self._find(known, "60000000000", "series_c", dt.date(2026, 12, 5)) == known

    def test_a_differing_figure_months_later_is_another_round(self, known):
        assert self._find(known, "60000000000", "series_c", dt.date(2027, 3, 20)) is None

    def test_a_differing_figure_without_a_known_stage_is_another_round(self, known):
        assert self._find(known, "60000000000", "unknown", dt.date(2026, 12, 5)) is None

    def test_double_the_figure_is_another_round(self, known):
        assert self._find(known, "100000000000", "series_c", dt.date(2026, 12, 5)) is None
