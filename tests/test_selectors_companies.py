import datetime as dt
from decimal import Decimal

import pytest

from deals.selectors import (
    company_list,
    company_profile,
    investor_list,
    investor_portfolio,
)

from .factories import (
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db
# The raw SQL of the company and investor pages, run on SQLite too by `make test`.
QUICKSTART = pytest.mark.quickstart
TODAY = dt.date(2026, 5, 20)


def test_company_list_searches_name_and_alias_and_counts_rounds():
    deepseek = CompanyFactory(name="DeepSeek", aliases=["Hangzhou DeepSeek AI"])
    RoundFactory(company=deepseek, amount_usd=Decimal("10e6"))
    RoundFactory(company=deepseek, amount_usd=Decimal("5e6"), status="pending")
    CompanyFactory(name="Zhipu")
    rows = company_list(q="hangzhou").rows
    assert [c.pk for c in rows] == [deepseek.pk]
    assert rows[0].round_count == 2
    assert rows[0].raised_usd == Decimal("10e6")  # completed rounds only


def test_company_list_pages_without_counting():
    for name in "ABCDE":
        CompanyFactory(name=name)
    first = company_list(per_page=2)
    last = company_list(page=3, per_page=2)
    assert [c.name for c in first.rows] == ["A", "B"] and first.has_next
    assert not first.has_previous
    assert [c.name for c in last.rows] == ["E"] and not last.has_next and last.has_previous


@QUICKSTART
def test_company_profile_timeline_splits_upcoming_and_past_in_date_order():
    company = CompanyFactory()
    seed = RoundFactory(company=company, announced_on=dt.date(2025, 1, 10))
    series_a = RoundFactory(company=company, announced_on=dt.date(2026, 2, 1))
    undated = RoundFactory(company=company, announced_on=None)
    launched = MilestoneFactory(
        company=company,
        date_start=dt.date(2025, 6, 1),
        date_end=dt.date(2025, 6, 30),
        status="occurred",
    )
    overdue = MilestoneFactory(
        company=company, date_start=dt.date(2026, 4, 1), date_end=dt.date(2026, 4, 30)
    )
    soon = MilestoneFactory(
        company=company, date_start=dt.date(2026, 6, 1), date_end=dt.date(2026, 6, 30)
    )
    later = MilestoneFactory(
        company=company, date_start=dt.date(2027, 1, 1), date_end=dt.date(2027, 12, 31)
    )
    profile = company_profile(company=company, today=TODAY)
    assert [e.item for e in profile.upcoming] == [soon, later]
    assert [e.item for e in profile.past] == [overdue, series_a, launched, seed, undated]


@QUICKSTART
def test_company_profile_totals_completed_rounds_and_counts_undisclosed():
    company = CompanyFactory()
    RoundFactory(company=company, amount_usd=Decimal("10e6"))
    RoundFactory(company=company, amount_usd=Decimal("20e6"))
    RoundFactory(company=company, amount=None, currency="", amount_usd=None)
    RoundFactory(company=company, status="pending", amount_usd=Decimal("1e9"))
    RoundFactory(amount_usd=Decimal("1e9"))  # another company
    profile = company_profile(company=company, today=TODAY)
    assert profile.total_raised_usd == Decimal("30e6")
    assert (profile.completed_rounds, profile.undisclosed_rounds) == (3, 1)


@QUICKSTART
def test_company_profile_lists_investors_once_with_lead_counts():
    company = CompanyFactory()
    sequoia, tencent = InvestorFactory(name="Sequoia"), InvestorFactory(name="Tencent")
    r1, r2 = RoundFactory(company=company), RoundFactory(company=company)
    ParticipationFactory(round=r1, investor=sequoia, lead=True)
    ParticipationFactory(round=r2, investor=sequoia, lead=True)
    ParticipationFactory(round=r2, investor=tencent)
    # Elsewhere, Tencent leads: that must not count here.
    ParticipationFactory(investor=tencent, lead=True)
    investors = company_profile(company=company, today=TODAY).investors
    assert [(i.name, i.round_count, i.lead_count) for i in investors] == [
        ("Sequoia", 2, 2),
        ("Tencent", 1, 0),
    ]


def test_company_profile_history_shows_changes():
    company = CompanyFactory(sector="Software")
    company.sector = "AI"
    company.save()
    history = company_profile(company=company, today=TODAY).history
    assert [h.action for h in history] == ["changed", "created"]
    assert [(c.field, c.old, c.new) for c in history[0].changes] == [("sector", "Software", "AI")]


def test_investor_list_counts_rounds_led_and_joined():
    investor = InvestorFactory(name="Hillhouse", aliases=["高瓴"])
    ParticipationFactory(investor=investor, lead=True)
    ParticipationFactory(investor=investor)
    InvestorFactory(name="Other")
    rows = investor_list(q="高瓴").rows
    assert [(i.pk, i.round_count, i.lead_count) for i in rows] == [(investor.pk, 2, 1)]


@QUICKSTART
def test_investor_portfolio_splits_led_and_joined_and_groups_companies():
    investor = InvestorFactory()
    catl = CompanyFactory(name="CATL")
    byd = CompanyFactory(name="BYD")
    led = ParticipationFactory(
        investor=investor, lead=True, round=RoundFactory(company=catl, announced_on=TODAY)
    )
    joined_old = ParticipationFactory(
        investor=investor, round=RoundFactory(company=catl, announced_on=dt.date(2020, 1, 1))
    )
    joined_new = ParticipationFactory(
        investor=investor, round=RoundFactory(company=byd, announced_on=dt.date(2026, 1, 1))
    )
    portfolio = investor_portfolio(investor=investor)
    assert portfolio.led == [led]
    assert portfolio.joined == [joined_new, joined_old]
    assert [(c.company.name, c.lead_count) for c in portfolio.companies] == [
        ("BYD", 0),
        ("CATL", 1),
    ]
    assert not portfolio.truncated
