"""CSV export of the rounds lists: the page's filters and sort, streamed in chunks,
every cell a spreadsheet would run as a formula neutralised."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deals.selectors import export
from deals.selectors.export import HEADER, safe_cell
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    CompanyFactory,
    InvestorFactory,
    ParticipationFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("deals:round_export")


def _rows(client, query: str = "") -> list[dict[str, str]]:
    response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert tuple(header) == HEADER
    return [dict(zip(header, row, strict=True)) for row in reader]


@pytest.mark.parametrize(
    "dangerous",
    ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(dangerous):
    assert safe_cell(dangerous) == f"'{dangerous}"


def test_plain_cells_and_numbers_are_left_as_they_are():
    assert safe_cell("DeepSeek") == "DeepSeek"
    assert safe_cell(Decimal("7360000000.00")) == "7360000000.00"
    assert safe_cell(None) == ""


def test_hostile_names_in_the_export_are_neutralised(analyst_client):
    company = CompanyFactory(name="=cmd|' /C calc'!A0")
    round_ = RoundFactory(company=company)
    ParticipationFactory(round=round_, investor=InvestorFactory(name="@HYPERLINK(evil)"), lead=True)
    (row,) = _rows(analyst_client)
    assert row["company"] == "'=cmd|' /C calc'!A0"
    assert row["lead_investors"] == "'@HYPERLINK(evil)"


def test_the_export_has_the_lists_filters_and_each_rounds_facts(analyst_client):
    wanted = RoundFactory(stage="series_b", amount=Decimal("50000000"), currency="CNY")
    wanted.amount_usd = Decimal("7000000")
    wanted.save()
    RoundFactory(stage="seed")
    ParticipationFactory(round=wanted, investor=InvestorFactory(name="Lead Fund"), lead=True)
    ParticipationFactory(round=wanted, investor=InvestorFactory(name="Second Fund"))
    ParticipationFactory(
        round=wanted, investor=InvestorFactory(name="CATL"), commitment="considering"
    )
    CitationFactory(round=wanted, article=ArticleFactory(url="https://wire.example/a"))
    (row,) = _rows(analyst_client, "?stage=series_b")
    assert row["stage"] == "Series B"
    assert (row["amount"], row["currency"], row["amount_usd"]) == (
        "50000000.00",
        "CNY",
        "7000000.00",
    )
    assert row["lead_investors"] == "Lead Fund"
    assert row["other_investors"] == "Second Fund"
    assert row["prospective_investors"] == "CATL (considering)"
    assert row["source"] == "https://wire.example/a"
    assert row["url"].endswith(reverse("deals:round_detail", kwargs={"pk": wanted.pk}))


def test_a_company_or_investor_export_holds_only_its_rounds(analyst_client):
    mine = RoundFactory()
    RoundFactory()
    fund = InvestorFactory()
    ParticipationFactory(round=mine, investor=fund)
    for query in (f"?company={mine.company.slug}", f"?investor={fund.slug}"):
        assert [r["company"] for r in _rows(analyst_client, query)] == [mine.company.name]


def test_the_export_follows_the_lists_sort(analyst_client):
    for millions in (5, 50, 20):
        RoundFactory(amount=Decimal(millions * 1_000_000), amount_usd=Decimal(millions * 1_000_000))
    amounts = [r["amount_usd"] for r in _rows(analyst_client, "?sort=largest")]
    assert amounts == ["50000000.00", "20000000.00", "5000000.00"]


def test_bad_filter_values_filter_nothing_and_answer_200(analyst_client):
    RoundFactory()
    assert len(_rows(analyst_client, "?stage=nonsense&amount_min=abc&announced_from=x")) == 1


def test_rounds_are_read_in_chunks_with_two_queries_each(analyst_client, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 3)
    for _ in range(7):
        ParticipationFactory(round=RoundFactory())
    with CaptureQueriesContext(connection) as queries:
        rows = _rows(analyst_client)
    assert len(rows) == 7
    chunks = 3  # 3 + 3 + 1 rounds
    # The session and user, the rounds themselves, then investors and sources per chunk:
    # a query per round would be 7 more.
    detail_queries = [
        q for q in queries if "deals_participation" in q["sql"] or "deals_citation" in q["sql"]
    ]
    assert len(detail_queries) == 2 * chunks


def test_the_lists_and_pages_link_their_export(analyst_client):
    round_ = RoundFactory()
    fund = InvestorFactory()
    ParticipationFactory(round=round_, investor=fund)
    listing = analyst_client.get(reverse("deals:round_list") + "?stage=series_a").content.decode()
    assert f'href="{URL}?stage=series_a"' in listing
    company_page = analyst_client.get(round_.company.get_absolute_url()).content.decode()
    assert f'href="{URL}?company={round_.company.slug}"' in company_page
    investor_page = analyst_client.get(fund.get_absolute_url()).content.decode()
    assert f'href="{URL}?investor={fund.slug}"' in investor_page
