"""Prospective investors (in talks, considering) on the reading selectors: shown as such,
counted nowhere. These selectors are raw SQL on the company and investor pages; the
same tests run on SQLite with FUNDTRACKER_ALLOW_SQLITE=1 and a sqlite DATABASE_URL."""

from __future__ import annotations

import datetime as dt

import pytest

from deals.selectors import company_profile, investor_list, investor_portfolio, round_get
from deals.selectors.rounds import attach_participations, round_list
from deals.services.participations import participation_confirm, participation_drop

from .factories import CompanyFactory, InvestorFactory, ParticipationFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def catl():
    """CATL led one round, joined another and is considering a third (DeepSeek's)."""
    catl = InvestorFactory(name="CATL")
    ParticipationFactory(investor=catl, lead=True, round__announced_on=dt.date(2024, 3, 1))
    ParticipationFactory(investor=catl, round__announced_on=dt.date(2025, 3, 1))
    deepseek = CompanyFactory(name="DeepSeek")
    talks = RoundFactory(company=deepseek, status="pending", announced_on=dt.date(2026, 11, 28))
    ParticipationFactory(investor=catl, round=talks, lead=True, commitment="considering")
    return catl


def test_investor_list_counts_confirmed_rounds_only(catl):
    row = investor_list(q="CATL").rows[0]
    assert (row.round_count, row.lead_count) == (2, 1)


def test_portfolio_lists_a_prospect_apart_and_counts_it_nowhere(catl):
    portfolio = investor_portfolio(investor=catl)
    assert len(portfolio.led) == 1 and len(portfolio.joined) == 1
    assert [p.round.company.name for p in portfolio.prospects] == ["DeepSeek"]
    assert portfolio.prospects[0].commitment == "considering"
    assert "DeepSeek" not in [entry.company.name for entry in portfolio.companies]


def test_a_confirmed_prospect_joins_the_totals(catl):
    prospect = catl.participations.get(commitment="considering")
    participation_confirm(participation=prospect)
    portfolio = investor_portfolio(investor=catl)
    assert len(portfolio.led) == 2 and not portfolio.prospects
    assert investor_list(q="CATL").rows[0].round_count == 3


def test_company_investors_count_confirmed_participations_and_name_prospects():
    company = CompanyFactory()
    talks = RoundFactory(company=company, status="pending")
    done = RoundFactory(company=company, announced_on=dt.date(2025, 1, 1))
    backer = InvestorFactory(name="Backer")
    ParticipationFactory(round=done, investor=backer)
    ParticipationFactory(round=talks, investor=backer, lead=True, commitment="in_talks")
    ParticipationFactory(
        round=talks, investor=InvestorFactory(name="Aardvark"), lead=True, commitment="considering"
    )
    ParticipationFactory(round=talks, investor=InvestorFactory(name="Zeta"), commitment="in_talks")

    investors = company_profile(company=company, today=TODAY).investors

    # Investors that took part first; prospects after them, by name.
    assert [(i.name, i.round_count, i.lead_count, i.prospect) for i in investors] == [
        ("Backer", 1, 0, "in_talks"),
        ("Aardvark", 0, 0, "considering"),
        ("Zeta", 0, 0, "in_talks"),
    ]


def test_rounds_tables_put_confirmed_investors_before_prospects():
    round_ = RoundFactory()
    ParticipationFactory(
        round=round_, investor=InvestorFactory(name="Alpha"), commitment="in_talks"
    )
    ParticipationFactory(round=round_, investor=InvestorFactory(name="Beta"), lead=True)
    ParticipationFactory(round=round_, investor=InvestorFactory(name="Gamma"))
    rows = round_list().rows
    attach_participations(rows)
    names = [(p.investor.name, p.commitment) for p in rows[0].participation_list]
    assert names == [("Beta", "confirmed"), ("Gamma", "confirmed"), ("Alpha", "in_talks")]


def test_round_page_splits_investors_and_prospects_and_lists_their_changes(editor):
    round_ = RoundFactory()
    investor = ParticipationFactory(round=round_, investor=InvestorFactory(name="Beta"))
    confirmed = ParticipationFactory(round=round_, commitment="in_talks")
    dropped = ParticipationFactory(round=round_, commitment="considering")
    participation_confirm(participation=confirmed)
    participation_drop(participation=dropped)

    page = round_get(pk=round_.pk)

    assert {p.pk for p in page.investor_list} == {investor.pk, confirmed.pk}
    assert page.prospect_list == []
    latest = page.investor_history[0]
    assert (latest.action, latest.subject) == ("deleted", dropped.investor.name)
    assert latest.reason == "Dropped (considering)"
    change = page.investor_history[1]
    assert (change.subject, change.reason) == (confirmed.investor.name, "Confirmed (was in talks)")
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        ("commitment", "In talks", "Confirmed")
    ]
