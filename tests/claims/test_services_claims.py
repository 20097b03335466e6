"""deals.services.claims on hand-made rounds: what counts as differing, and what picking sets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deals.models import RoundClaim
from deals.services.claims import claim_keep_differ, claim_pick, claims_before, claims_record
from tests.factories import ArticleFactory, CitationFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _report(**payload):
    return {"stage": "series_b", "status": "completed", "investors": [], **payload}


@pytest.fixture
def round_():
    round_ = RoundFactory(
        stage="series_b",
        status="pending",
        amount=Decimal("300000000"),
        currency="USD",
        announced_on=dt.date(2026, 11, 2),
    )
    CitationFactory(round=round_, sentence="Talks are under way on a $300 million round.")
    return round_


def test_the_same_figure_worded_differently_and_a_status_moved_on_agree(round_):
    before = claims_before(round_)
    # Acceptance moved the status on from pending (a later report says it closed).
    round_.status = "completed"
    data = _report(amount=Decimal("300000000.00"), currency="usd", amount_qualifier="about")
    flagged = claims_record(
        round=round_, data=data, article=ArticleFactory(), sentence="s", before=before
    )
    assert flagged == []
    # The earlier "pending" stays on record as its source's version.
    assert round_.claims.filter(field="status").count() == 2


def test_the_round_value_on_file_is_credited_to_its_first_source(round_):
    before = claims_before(round_)
    article = ArticleFactory()
    flagged = claims_record(
        round=round_,
        data=_report(amount=Decimal("350000000"), currency="USD"),
        article=article,
        sentence="It raised $350 million.",
        before=before,
    )
    assert sorted(flagged) == ["amount", "status"]
    on_file = round_.claims.exclude(article=article).get(field="amount")
    assert Decimal(on_file.value["amount"]) == Decimal("300000000")
    assert on_file.sentence == "Talks are under way on a $300 million round."
    assert on_file.reported_on == dt.date(2026, 11, 2)


def test_confirming_the_accepted_report_settles_the_fact(round_, editor):
    claim = RoundClaim.objects.create(
        round=round_,
        field="status",
        article=ArticleFactory(),
        value={"status": "pending"},
    )
    round_.reports_differ = ["status"]
    round_.save()

    claim_pick(claim=claim, user=editor)

    round_.refresh_from_db()
    assert round_.status == "pending" and round_.reports_differ == []
    assert round_.history.latest().history_user == editor


def test_picking_a_status_sets_it(round_, editor):
    claim = RoundClaim.objects.create(
        round=round_, field="status", article=ArticleFactory(), value={"status": "cancelled"}
    )
    claim_pick(claim=claim, user=editor)
    round_.refresh_from_db()
    assert round_.status == "cancelled"


def test_keeping_a_fact_nobody_reported_is_refused(round_, editor):
    with pytest.raises(ValidationError, match="No reports"):
        claim_keep_differ(round=round_, field="valuation", user=editor)
