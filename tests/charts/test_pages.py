"""The charts on the pages: SVG with a title, a desc and a table fallback, or a clear
"no rounds yet"; the co-investor and network tables."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CompanyFactory, InvestorFactory, ParticipationFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _assert_chart_with_fallback(html: str) -> None:
    assert '<svg class="chart-svg"' in html
    assert '<title id="chart-funding-t">' in html and '<desc id="chart-funding-d">' in html
    assert "Month announced" in html  # the x axis is labelled
    assert '<details class="chart-table">' in html and "<caption>" in html


def test_dashboard_shows_both_charts_with_tables(analyst_client):
    company = CompanyFactory(country="JP")
    RoundFactory(company=company, amount_usd=Decimal("25000000"), stage="seed")
    html = analyst_client.get(reverse("deals:dashboard")).content.decode()
    _assert_chart_with_fallback(html)
    assert 'id="chart-countries"' in html
    assert '<title id="chart-countries-t">Rounds by country</title>' in html
    assert '<th scope="row">JP</th><td class="num">1</td>' in html
    assert "$25" in html


def test_empty_data_says_no_rounds_yet_instead_of_an_empty_svg(analyst_client):
    html = analyst_client.get(reverse("deals:dashboard")).content.decode()
    assert "<svg" not in html.split('id="chart-funding"')[1]
    assert html.count('class="muted chart-empty">No rounds yet') == 2


def test_company_page_has_its_chart_and_network(analyst_client):
    company = CompanyFactory()
    round_ = RoundFactory(company=company)
    a, b = InvestorFactory(name="Alpha Fund"), InvestorFactory(name="Beta Fund")
    ParticipationFactory(round=round_, investor=a)
    ParticipationFactory(round=round_, investor=b)
    html = analyst_client.get(company.get_absolute_url()).content.decode()
    _assert_chart_with_fallback(html)
    network = html.split('id="investor-network"')[1]
    assert "Alpha Fund" in network and "Beta Fund" in network


def test_investor_page_lists_co_investors_with_the_latest_round(analyst_client):
    me, other, talks = (
        InvestorFactory(),
        InvestorFactory(name="Gamma"),
        InvestorFactory(name="Only Talking"),
    )
    round_ = RoundFactory(announced_on=timezone.localdate())
    ParticipationFactory(round=round_, investor=me)
    ParticipationFactory(round=round_, investor=other)
    ParticipationFactory(round=round_, investor=talks, commitment="in_talks")
    html = analyst_client.get(reverse("deals:investor_detail", args=[me.slug])).content.decode()
    _assert_chart_with_fallback(html)
    section = html.split('id="co-investors"')[1].split("</section>")[0]
    assert "Gamma" in section and "Only Talking" not in section
    assert reverse("deals:round_detail", args=[round_.pk]) in section


def test_an_investor_with_no_rounds_gets_no_chart(analyst_client):
    me = InvestorFactory()
    html = analyst_client.get(reverse("deals:investor_detail", args=[me.slug])).content.decode()
    assert "No rounds yet" in html and "No shared rounds yet." in html


def test_sector_page_shows_its_chart_and_only_its_rounds(analyst_client):
    chips, software = (
        CompanyFactory(sector="Chips", name="Chipco"),
        CompanyFactory(sector="Software", name="Appco"),
    )
    RoundFactory(company=chips)
    RoundFactory(company=software)
    html = analyst_client.get(chips.get_absolute_url()).content.decode()
    url = reverse("deals:sector_detail", args=["Chips"])
    assert f'href="{url}"' in html  # the company page links its sector
    html = analyst_client.get(url).content.decode()
    _assert_chart_with_fallback(html)
    rounds = html.split('id="sector-rounds"')[1]
    assert "Chipco" in rounds and "Appco" not in rounds


def test_unknown_sector_is_a_404_not_an_empty_page(analyst_client):
    assert analyst_client.get(reverse("deals:sector_detail", args=["Nope"])).status_code == 404
    # A NUL in the path is refused before the database sees it: a clear error, not a 500.
    assert analyst_client.get("/sectors/a%00b/").status_code in (400, 404)
