"""Reads of companies and investors: lists and portfolios (the company page: company_profile)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from deals.models import Citation, Company, Investor, Participation, Round
from deals.models.choices import Commitment, RoundStatus

PAGE_SIZE = 25
# An investor page lists at most this many participations (newest first): the
# busiest investors take part in tens of thousands of rounds.
PORTFOLIO_LIMIT = 50

T = TypeVar("T")


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """A page without a total: the next page exists when one more row was there."""

    rows: list[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class PortfolioCompany:
    company: Company
    participations: list[Participation]

    @property
    def lead_count(self) -> int:
        return sum(1 for p in self.participations if p.lead)


@dataclass(frozen=True)
class InvestorPortfolio:
    led: list[Participation]  # confirmed only, as are joined and companies
    joined: list[Participation]
    companies: list[PortfolioCompany]
    truncated: bool
    # In talks or considering: shown as such, counted nowhere.
    prospects: list[Participation] = field(default_factory=list)


def _page(queryset: QuerySet, *, page: int, per_page: int) -> ListPage:
    page = max(page, 1)
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return ListPage(rows=rows[:per_page], number=page, has_next=len(rows) > per_page)


def _name_or_alias(queryset: QuerySet, q: str) -> QuerySet:
    """ILIKE on the name and on the aliases as text; both served by trigram GIN indexes."""
    q = q.strip()
    if not q:
        return queryset
    return queryset.annotate(aliases_text=Cast("aliases", TextField())).filter(
        Q(name__icontains=q) | Q(aliases_text__icontains=q)
    )


def company_list(*, q: str = "", page: int = 1, per_page: int = PAGE_SIZE) -> ListPage[Company]:
    """Companies by name, each with its number of rounds and USD raised in completed rounds.

    Correlated subqueries rather than a GROUP BY join: they run for the page's rows
    only, not for every company before the LIMIT.
    """
    rounds = Round.objects.filter(company=OuterRef("pk")).order_by().values("company")
    queryset = _name_or_alias(Company.objects.all(), q).annotate(
        round_count=Coalesce(
            Subquery(rounds.annotate(n=Count("id")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        raised_usd=Subquery(
            rounds.filter(status=RoundStatus.COMPLETED)
            .annotate(total=Sum("amount_usd"))
            .values("total"),
            output_field=DecimalField(max_digits=20, decimal_places=2),
        ),
    )
    return _page(queryset.order_by("name", "id"), page=page, per_page=per_page)


def company_get(*, slug: str) -> Company | None:
    return Company.objects.select_related("investor_profile").filter(slug=slug).first()


def investor_list(*, q: str = "", page: int = 1, per_page: int = PAGE_SIZE) -> ListPage[Investor]:
    """Investors by name, each with its rounds joined and led (correlated subqueries);
    only confirmed participations count (an investor in talks has not joined)."""
    takes_part = (
        Participation.objects.filter(investor=OuterRef("pk"), commitment=Commitment.CONFIRMED)
        .order_by()
        .values("investor")
    )
    queryset = (
        _name_or_alias(Investor.objects.all(), q)
        .select_related("company")
        .annotate(
            round_count=Coalesce(
                Subquery(
                    takes_part.annotate(n=Count("id")).values("n"), output_field=IntegerField()
                ),
                Value(0),
            ),
            lead_count=Coalesce(
                Subquery(
                    takes_part.filter(lead=True).annotate(n=Count("id")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
    )
    return _page(queryset.order_by("name", "id"), page=page, per_page=per_page)


def investor_get(*, slug: str) -> Investor | None:
    return Investor.objects.select_related("company").filter(slug=slug).first()


def investor_portfolio(*, investor: Investor) -> InvestorPortfolio:
    """The investor's rounds, newest first, split into led, joined and prospective (in talks
    or considering), the confirmed ones grouped by company.

    1. The newest PORTFOLIO_LIMIT (+1, to tell there are more) participations, picked in
       an inner query that reads only round ids and dates: the planner walks
       round_announced_nulls_last_idx as an index-only scan and probes
       one_participation_per_round, where selecting every round column fetched the heap
       row of each of the thousands of rounds walked past.
    2. Their rounds and companies joined to those few rows, as Round instances (raw SQL:
       the ORM's select_related compile and row building cost more than the query).
    3. Their citations, in one more query.
    """
    sql = """
        SELECT r.*, top.id AS participation_id, top.lead AS participation_lead,
               top.commitment AS participation_commitment,
               c.name AS company_name, c.slug AS company_slug
        FROM (
            SELECT p.id, p.lead, p.commitment, p.round_id, r.announced_on
            FROM deals_round r
            JOIN deals_participation p ON p.round_id = r.id AND p.investor_id = %s
            ORDER BY r.announced_on DESC NULLS LAST, r.id DESC
            LIMIT %s
        ) top
        JOIN deals_round r ON r.id = top.round_id
        JOIN deals_company c ON c.id = r.company_id
        ORDER BY top.announced_on DESC NULLS LAST, top.round_id DESC
    """
    rounds = list(Round.objects.raw(sql, [investor.pk, PORTFOLIO_LIMIT + 1]))
    truncated = len(rounds) > PORTFOLIO_LIMIT
    participations = [_participation_in(round_, investor) for round_ in rounds[:PORTFOLIO_LIMIT]]
    _attach_participation_citations(participations)
    confirmed = [p for p in participations if p.is_confirmed]
    by_company: dict[int, PortfolioCompany] = {}
    for p in confirmed:
        company = p.round.company
        by_company.setdefault(company.pk, PortfolioCompany(company=company, participations=[]))
        by_company[company.pk].participations.append(p)
    return InvestorPortfolio(
        led=[p for p in confirmed if p.lead],
        joined=[p for p in confirmed if not p.lead],
        companies=sorted(by_company.values(), key=lambda c: c.company.name.lower()),
        truncated=truncated,
        prospects=[p for p in participations if not p.is_confirmed],
    )


def company_from_row(pk: int, name: str, slug: str) -> Company:
    """A Company with only the columns a link needs, from a raw query's row; its other
    fields are deferred (from_db), so reading one loads it rather than a blank."""
    return Company.from_db(None, ["id", "name", "slug"], [pk, name, slug])


def _participation_in(round_: Any, investor: Investor) -> Participation:
    """The participation a portfolio row stands for, with its round and the round's company
    in the relations' caches (the company with its name and slug only)."""
    round_.company = company_from_row(round_.company_id, round_.company_name, round_.company_slug)
    participation = Participation.from_db(
        None,
        ["id", "round_id", "investor_id", "lead", "commitment"],
        [
            round_.participation_id,
            round_.pk,
            investor.pk,
            round_.participation_lead,
            round_.participation_commitment,
        ],
    )
    participation.round = round_
    participation.investor = investor
    return participation


def _attach_participation_citations(participations: list[Participation]) -> None:
    """Set `citation_list` on each participation, in the order of its `citations` relation."""
    by_participation: dict[int, list[Citation]] = {p.pk: [] for p in participations}
    if participations:
        citations = Citation.objects.select_related("article").filter(
            participation_id__in=list(by_participation)
        )
        for citation in citations:
            if citation.participation_id in by_participation:
                by_participation[citation.participation_id].append(citation)
    for participation in participations:
        participation.citation_list = by_participation[participation.pk]  # type: ignore[attr-defined]
