"""Reads of companies and investors: lists, profiles, timelines, portfolios."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, RowNumber

from deals.models import Citation, Company, Investor, Milestone, Participation, Round
from deals.models.choices import MilestoneStatus, RoundStatus

from .history import HistoryEntry, history_changes

PAGE_SIZE = 25
# An investor page lists at most this many participations (newest first): the
# busiest investors take part in tens of thousands of rounds.
PORTFOLIO_LIMIT = 50
# A company page shows this many upcoming and this many past timeline entries, and
# this many investors: the busiest companies have hundreds of each.
TIMELINE_LIMIT = 20
INVESTOR_LIMIT = 20

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
class TimelineEntry:
    date: dt.date | None
    kind: str  # "round" or "milestone"
    item: Round | Milestone


@dataclass(frozen=True)
class CompanyProfile:
    upcoming: list[TimelineEntry]  # soonest first
    past: list[TimelineEntry]  # latest first; undated rounds last
    investors: list[Investor]  # annotated: round_count, lead_count
    total_raised_usd: Decimal
    completed_rounds: int
    undisclosed_rounds: int  # completed rounds without a USD figure
    history: list[HistoryEntry]
    # Busy companies: the timeline and the investors are the first TIMELINE_LIMIT and
    # INVESTOR_LIMIT; the totals above still count every round.
    timeline_truncated: bool = False
    investors_truncated: bool = False


@dataclass(frozen=True)
class PortfolioCompany:
    company: Company
    participations: list[Participation]

    @property
    def lead_count(self) -> int:
        return sum(1 for p in self.participations if p.lead)


@dataclass(frozen=True)
class InvestorPortfolio:
    led: list[Participation]
    joined: list[Participation]
    companies: list[PortfolioCompany]
    truncated: bool


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


def _citations(*, to_attr: str | None = None) -> Prefetch:
    # With to_attr a list: filling the related managers' caches clones a queryset per row.
    return Prefetch(
        "citations", queryset=Citation.objects.select_related("article"), to_attr=to_attr
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


def company_profile(*, company: Company, today: dt.date) -> CompanyProfile:
    """Everything the company page shows beyond the company row, in a fixed number of queries.

    The busiest companies have hundreds of rounds and milestones, so the timeline
    shows the TIMELINE_LIMIT soonest upcoming and latest past entries of each kind
    (picked in SQL, see _timeline_rows) and the INVESTOR_LIMIT most involved
    investors; the totals still cover every round (window sums over all of them).
    """
    round_date = Coalesce("announced_on", "closed_on", "expected_close_start")
    completed = Q(status=RoundStatus.COMPLETED)
    rounds = _timeline_rows(
        company.rounds.annotate(
            event_date=round_date,
            total_usd=Window(Sum("amount_usd", filter=completed)),
            completed_count=Window(Count("id", filter=completed)),
            undisclosed_count=Window(Count("id", filter=completed & Q(amount_usd__isnull=True))),
        ),
        upcoming=Q(event_date__gt=today),
    )
    milestones = _timeline_rows(
        company.milestones.select_related("round").annotate(event_date=F("date_start")),
        upcoming=Q(status=MilestoneStatus.UPCOMING, date_end__gte=today),
    )
    shown_rounds = rounds.upcoming + rounds.past
    shown_milestones = milestones.upcoming + milestones.past
    # List attributes (to_attr), not the related managers' caches: filling those
    # clones a queryset per row, which cost more than the queries.
    prefetch_related_objects(
        shown_rounds,
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("investor").order_by(
                "-lead", "investor__name"
            ),
            to_attr="participation_list",
        ),
    )
    _attach_citations(rounds=shown_rounds, milestones=shown_milestones)
    upcoming = sorted(
        [TimelineEntry(date=_round_date(r), kind="round", item=r) for r in rounds.upcoming]
        + [TimelineEntry(date=m.date_start, kind="milestone", item=m) for m in milestones.upcoming],
        key=lambda e: (e.date, e.item.pk),
    )
    past = sorted(
        [TimelineEntry(date=_round_date(r), kind="round", item=r) for r in rounds.past]
        + [TimelineEntry(date=m.date_start, kind="milestone", item=m) for m in milestones.past],
        key=lambda e: (e.date is not None, e.date or dt.date.min, e.item.pk),
        reverse=True,
    )
    # No DISTINCT in the counts: each joined row is one participation (one per round and
    # investor), and a distinct count sorted every group for nothing.
    investors: list[Investor] = list(
        Investor.objects.filter(participations__round__company=company)
        .annotate(
            round_count=Count("participations"),
            lead_count=Count("participations", filter=Q(participations__lead=True)),
        )
        .order_by("-lead_count", "-round_count", "name")[: INVESTOR_LIMIT + 1]
    )
    any_round: Any = shown_rounds[0] if shown_rounds else None
    return CompanyProfile(
        upcoming=upcoming[:TIMELINE_LIMIT],
        past=past[:TIMELINE_LIMIT],
        investors=investors[:INVESTOR_LIMIT],
        total_raised_usd=(any_round.total_usd if any_round else None) or Decimal(0),
        completed_rounds=any_round.completed_count if any_round else 0,
        undisclosed_rounds=any_round.undisclosed_count if any_round else 0,
        history=history_changes(obj=company),
        timeline_truncated=(
            rounds.truncated
            or milestones.truncated
            or max(len(upcoming), len(past)) > TIMELINE_LIMIT
        ),
        investors_truncated=len(investors) > INVESTOR_LIMIT,
    )


def _attach_citations(*, rounds: list[Round], milestones: list[Milestone]) -> None:
    """Set `citation_list` on each round and milestone, from one query for both kinds
    (a citation backs exactly one fact), in the order of their `citations` relation."""
    round_ids = [r.pk for r in rounds]
    milestone_ids = [m.pk for m in milestones]
    by_round: dict[int, list[Citation]] = {pk: [] for pk in round_ids}
    by_milestone: dict[int, list[Citation]] = {pk: [] for pk in milestone_ids}
    if round_ids or milestone_ids:
        citations = Citation.objects.select_related("article").filter(
            Q(round_id__in=round_ids) | Q(milestone_id__in=milestone_ids)
        )
        for citation in citations:
            if citation.round_id in by_round:
                by_round[citation.round_id].append(citation)
            if citation.milestone_id in by_milestone:
                by_milestone[citation.milestone_id].append(citation)
    for round_ in rounds:
        round_.citation_list = by_round[round_.pk]  # type: ignore[attr-defined]
    for milestone in milestones:
        milestone.citation_list = by_milestone[milestone.pk]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _TimelineRows:
    upcoming: list[Any]  # soonest first
    past: list[Any]  # latest first, undated last
    truncated: bool


def _timeline_rows(queryset: QuerySet, *, upcoming: Q) -> _TimelineRows:
    """The TIMELINE_LIMIT soonest upcoming and latest past rows of `queryset` (annotated
    with `event_date`), in one query: ROW_NUMBER() over each part, so a company with
    hundreds of rounds costs what one with a dozen does. One extra row per part tells
    whether there is more."""
    is_upcoming = ExpressionWrapper(upcoming, output_field=BooleanField())
    rows = list(
        queryset.annotate(
            is_upcoming=is_upcoming,
            part_rank=Window(
                RowNumber(),
                partition_by=[is_upcoming],
                order_by=[
                    Case(When(upcoming, then=F("event_date"))).asc(),
                    Case(When(upcoming, then=F("id"))).asc(),
                    F("event_date").desc(nulls_last=True),
                    F("id").desc(),
                ],
            ),
        )
        .filter(part_rank__lte=TIMELINE_LIMIT + 1)
        .order_by("part_rank")
    )
    soon = [r for r in rows if r.is_upcoming]
    past = [r for r in rows if not r.is_upcoming]
    return _TimelineRows(
        upcoming=soon[:TIMELINE_LIMIT],
        past=past[:TIMELINE_LIMIT],
        truncated=len(soon) > TIMELINE_LIMIT or len(past) > TIMELINE_LIMIT,
    )


def _round_date(round_: Round) -> dt.date | None:
    return round_.announced_on or round_.closed_on or round_.expected_close_start


def _is_upcoming(entry: TimelineEntry, today: dt.date) -> bool:
    if entry.kind == "milestone":
        milestone: Any = entry.item
        return milestone.status == MilestoneStatus.UPCOMING and milestone.date_end >= today
    return entry.date is not None and entry.date > today


def investor_list(*, q: str = "", page: int = 1, per_page: int = PAGE_SIZE) -> ListPage[Investor]:
    """Investors by name, each with its rounds joined and led (correlated subqueries)."""
    takes_part = Participation.objects.filter(investor=OuterRef("pk")).order_by().values("investor")
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
    """The investor's rounds, newest first, split into led and joined, and grouped by company."""
    participations = list(
        investor.participations.select_related("round__company")
        .prefetch_related(_citations(to_attr="citation_list"))
        .order_by(F("round__announced_on").desc(nulls_last=True), "-round_id")[
            : PORTFOLIO_LIMIT + 1
        ]
    )
    truncated = len(participations) > PORTFOLIO_LIMIT
    participations = participations[:PORTFOLIO_LIMIT]
    by_company: dict[int, PortfolioCompany] = {}
    for p in participations:
        company = p.round.company
        by_company.setdefault(company.pk, PortfolioCompany(company=company, participations=[]))
        by_company[company.pk].participations.append(p)
    return InvestorPortfolio(
        led=[p for p in participations if p.lead],
        joined=[p for p in participations if not p.lead],
        companies=sorted(by_company.values(), key=lambda c: c.company.name.lower()),
        truncated=truncated,
    )
