"""The chart and co-investor reads on known data: sums, windows, and prospects left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from deals import charts
from deals.selectors import charts as reads
from tests.factories import (
    CompanyFactory,
    InvestorFactory,
    ParticipationFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 15)


def _round(on: dt.date, usd: str | None, stage: str = "series_a", **kw):
    amount_usd = Decimal(usd) if usd else None
    return RoundFactory(announced_on=on, amount_usd=amount_usd, stage=stage, **kw)


def test_funding_sums_per_month_and_stage_within_the_window():
    company = CompanyFactory()
    _round(dt.date(2026, 3, 1), "10", company=company)
    _round(dt.date(2026, 3, 9), "5", company=company)
    _round(dt.date(2026, 3, 2), "7", stage="seed", company=company)
    _round(dt.date(2026, 1, 20), "100", stage="ipo", company=company)
    _round(dt.date(2026, 2, 1), None, company=company)  # undisclosed: counted apart
    _round(dt.date(2026, 2, 3), "999", status="pending", company=company)  # not completed
    _round(dt.date(2024, 3, 31), "999", company=company)  # 24 months before: outside
    _round(dt.date(2026, 3, 20), "999", company=company)  # after today: outside
    series = reads.funding_by_month(today=TODAY)
    assert len(series.months) == 24
    assert series.months[0].month == dt.date(2024, 4, 1)
    assert series.last_month == dt.date(2026, 3, 1)
    march = series.months[-1]
    assert march.by_stage == {"series_a": Decimal("15"), "seed": Decimal("7")}
    assert march.total == Decimal("22")
    assert march.rounds == 3
    assert series.months[-3].by_stage == {"ipo": Decimal("100")}
    assert series.months[-2].by_stage == {} and series.months[-2].rounds == 1
    assert series.undisclosed_rounds == 1
    assert series.total == Decimal("122")
    # Stages in the Stage order, only those present.
    assert [s for s, _ in series.stages] == ["seed", "series_a", "ipo"]


def test_funding_scoped_to_a_company_a_sector_and_an_investor():
    mine, other = CompanyFactory(sector="Chips"), CompanyFactory(sector="Software")
    r1 = _round(dt.date(2026, 3, 1), "10", company=mine)
    r2 = _round(dt.date(2026, 3, 1), "20", company=other)
    investor = InvestorFactory()
    ParticipationFactory(round=r1, investor=investor)
    ParticipationFactory(round=r2, investor=investor, commitment="in_talks")
    assert reads.funding_by_month(today=TODAY, company_id=mine.pk).total == Decimal("10")
    assert reads.funding_by_month(today=TODAY, sector="Software").total == Decimal("20")
    # A round it is only in talks for is not part of an investor's chart.
    assert reads.funding_by_month(today=TODAY, investor_id=investor.pk).total == Decimal("10")


def test_stacked_bars_add_up_to_the_month_total():
    company = CompanyFactory()
    _round(dt.date(2026, 3, 1), "30", company=company)
    _round(dt.date(2026, 3, 2), "10", stage="seed", company=company)
    _round(dt.date(2026, 2, 2), "20", stage="seed", company=company)
    chart = charts.funding_chart(reads.funding_by_month(today=TODAY))
    assert chart is not None
    # The tallest month (40) fits under the axis top (nice ceiling 50): the stacks
    # are proportional, and March's two segments touch.
    scale = (charts.HEIGHT - charts.BOTTOM - charts.TOP) / 50
    march = [r for r in chart.rects if r.label.startswith("Mar 2026")]
    assert sorted(r.height for r in march) == [round(10 * scale, 1), round(30 * scale, 1)]
    assert sum(r.height for r in march) == pytest.approx(40 * scale, abs=0.2)
    low, high = sorted(march, key=lambda r: r.y)
    assert low.y + low.height == pytest.approx(high.y, abs=0.2)
    assert high.y + high.height == pytest.approx(charts.HEIGHT - charts.BOTTOM, abs=0.2)
    assert chart.y_ticks[-1].label == "$50"


def test_no_rounds_means_no_chart():
    assert charts.funding_chart(reads.funding_by_month(today=TODAY)) is None
    assert charts.country_chart(reads.rounds_by_country(today=TODAY)) is None


def test_rounds_by_country_most_first():
    for country, n in (("CN", 3), ("US", 2), ("", 1)):
        company = CompanyFactory(country=country)
        for _ in range(n):
            _round(dt.date(2026, 3, 1), "1", company=company)
    counts = reads.rounds_by_country(today=TODAY)
    assert [(c.country, c.rounds) for c in counts] == [("CN", 3), ("US", 2), ("", 1)]
    assert counts[0].amount_usd == Decimal("3")


def test_co_investors_count_shared_confirmed_rounds_and_the_latest():
    me, often, once, prospect = (InvestorFactory(name=n) for n in ("Me", "Often", "Once", "Talks"))
    rounds = [_round(dt.date(2026, 1, d), "1") for d in (1, 2, 3)]
    for r in rounds:
        ParticipationFactory(round=r, investor=me)
        ParticipationFactory(round=r, investor=often)
        ParticipationFactory(round=r, investor=prospect, commitment="considering")
    ParticipationFactory(round=rounds[0], investor=once)
    # A round "me" is only in talks for is not shared either.
    talks = _round(dt.date(2026, 2, 1), "1")
    ParticipationFactory(round=talks, investor=me, commitment="in_talks")
    ParticipationFactory(round=talks, investor=once)
    rows = reads.co_investors(investor_id=me.pk)
    assert [(r.name, r.shared_rounds) for r in rows] == [("Often", 3), ("Once", 1)]
    assert rows[0].latest_round_id == rounds[2].pk
    assert rows[0].latest_announced_on == dt.date(2026, 1, 3)
    assert rows[1].latest_round_id == rounds[0].pk


def test_company_network_pairs_its_investors_by_shared_rounds():
    company = CompanyFactory()
    a, b, c, p = (InvestorFactory(name=n) for n in ("A", "B", "C", "P"))
    r1, r2 = (
        _round(dt.date(2026, 1, 1), "1", company=company),
        _round(dt.date(2026, 2, 1), "1", company=company),
    )
    for r in (r1, r2):
        ParticipationFactory(round=r, investor=a)
        ParticipationFactory(round=r, investor=b)
        ParticipationFactory(round=r, investor=p, commitment="considering")
    ParticipationFactory(round=r2, investor=c)
    network = {row.name: row.partners for row in reads.company_network(company_id=company.pk)}
    assert network["A"] == [("B", b.slug, 2), ("C", c.slug, 1)]
    assert network["C"] == [("A", a.slug, 1), ("B", b.slug, 1)]
    assert "P" not in network
