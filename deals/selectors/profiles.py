"""The company page's reads: the timeline of rounds and milestones, the totals, the investors.

The timeline and the investors are raw SQL: built with the ORM, the same window and
aggregate queries spent several times longer in Python (compiling expressions) than
in PostgreSQL, and made the company page the slowest page uncached. The SQL is plain enough to
run on SQLite too (the quickstart database): parameters, no casts, no FILTER.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q

from deals.models import Citation, Company, Investor, Milestone, Round
from deals.models.choices import Commitment, MilestoneStatus, RoundStatus

from .history import HistoryEntry, history_changes
from .rounds import attach_participations

# A company page shows this many upcoming and this many past timeline entries, and
# this many investors: the busiest companies have hundreds of each.
TIMELINE_LIMIT = 20
INVESTOR_LIMIT = 20


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


def company_profile(*, company: Company, today: dt.date) -> CompanyProfile:
    """Everything the company page shows beyond the company row, in a fixed number of queries.

    The busiest companies have hundreds of rounds and milestones, so the timeline
    shows the TIMELINE_LIMIT soonest upcoming and latest past entries of each kind
    (picked in SQL, see _timeline_rows) and the INVESTOR_LIMIT most involved
    investors; the totals still cover every round (window sums over all of them).
    """
    rounds = _timeline_rows(
        Round,
        table="deals_round",
        event_date="COALESCE(announced_on, closed_on, expected_close_start)",
        upcoming="event_date > %s",
        upcoming_params=[today],
        company_id=company.pk,
        totals=ROUND_TOTALS,
        totals_params=[RoundStatus.COMPLETED] * 3,
    )
    milestones = _timeline_rows(
        Milestone,
        table="deals_milestone",
        event_date="date_start",
        upcoming="status = %s AND date_end >= %s",
        upcoming_params=[MilestoneStatus.UPCOMING, today],
        company_id=company.pk,
    )
    shown_rounds: list[Any] = rounds.upcoming + rounds.past
    shown_milestones: list[Any] = milestones.upcoming + milestones.past
    attach_participations(shown_rounds)
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
    investors = _most_involved_investors(company_id=company.pk)
    any_round = shown_rounds[0] if shown_rounds else None
    return CompanyProfile(
        upcoming=upcoming[:TIMELINE_LIMIT],
        past=past[:TIMELINE_LIMIT],
        investors=investors[:INVESTOR_LIMIT],
        # SQLite sums a decimal column to a float: back to Decimal either way.
        total_raised_usd=Decimal(str(any_round.total_usd or 0)) if any_round else Decimal(0),
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


# Sums over every round of the company (a window over the unfiltered rows), carried
# on each timeline row: the page needs no separate totals query.
ROUND_TOTALS = """,
    SUM(CASE WHEN status = %s THEN amount_usd END) OVER () AS total_usd,
    COUNT(CASE WHEN status = %s THEN 1 END) OVER () AS completed_count,
    COUNT(CASE WHEN status = %s AND amount_usd IS NULL THEN 1 END) OVER () AS undisclosed_count"""


@dataclass(frozen=True)
class _TimelineRows:
    upcoming: list[Any]  # soonest first
    past: list[Any]  # latest first, undated last
    truncated: bool


def _timeline_rows(
    model: type[Model],
    *,
    table: str,
    event_date: str,
    upcoming: str,
    upcoming_params: list[Any],
    company_id: int,
    totals: str = "",
    totals_params: list[Any] | None = None,
) -> _TimelineRows:
    """The TIMELINE_LIMIT soonest upcoming and latest past rows of the company in `table`,
    in one query: ROW_NUMBER() over each part, so a company with hundreds of rounds
    costs what one with a dozen does. One extra row per part tells whether there is more.

    `event_date` and `upcoming` are SQL over the table's columns (constants of this
    module, never user input); `upcoming` may use `event_date`. An undated row is
    neither upcoming nor not (NULL): it ranks in a part of its own and lands in past.
    """
    sql = f"""
        SELECT * FROM (
            SELECT flagged.*, ROW_NUMBER() OVER (
                PARTITION BY is_upcoming
                ORDER BY CASE WHEN is_upcoming THEN event_date END,
                         CASE WHEN is_upcoming THEN id END,
                         event_date DESC NULLS LAST, id DESC
            ) AS part_rank {totals}
            FROM (
                SELECT dated.*, ({upcoming}) AS is_upcoming
                FROM (SELECT *, {event_date} AS event_date FROM {table} WHERE company_id = %s) dated
            ) flagged
        ) ranked
        WHERE part_rank <= %s
        ORDER BY part_rank
    """
    # In the order they appear in the text.
    params = [*(totals_params or []), *upcoming_params, company_id, TIMELINE_LIMIT + 1]
    rows: list[Any] = list(model._default_manager.raw(sql, params))
    soon = [r for r in rows if r.is_upcoming]
    past = [r for r in rows if not r.is_upcoming]
    return _TimelineRows(
        upcoming=soon[:TIMELINE_LIMIT],
        past=past[:TIMELINE_LIMIT],
        truncated=len(soon) > TIMELINE_LIMIT or len(past) > TIMELINE_LIMIT,
    )


def _round_date(round_: Round) -> dt.date | None:
    # Not the row's event_date: SQLite returns that computed column as text.
    return round_.announced_on or round_.closed_on or round_.expected_close_start


def _attach_citations(*, rounds: list[Any], milestones: list[Any]) -> None:
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
        round_.citation_list = by_round[round_.pk]
    for milestone in milestones:
        milestone.citation_list = by_milestone[milestone.pk]


def _most_involved_investors(*, company_id: int) -> list[Investor]:
    """The INVESTOR_LIMIT (+1, to tell there are more) investors in the company's rounds,
    most leads first, then most rounds, then by name; annotated round_count, lead_count
    (confirmed participations only) and prospect: for an investor only in talks or
    considering, the furthest it has got ("in_talks" sorts after "considering"), else NULL.
    Prospects come after every investor that took part.

    No DISTINCT in the counts: each joined row is one participation (one per round and
    investor), and a distinct count sorted every group for nothing. Only the columns
    the page shows: the others are deferred. CASE inside the aggregates rather than
    FILTER: SQLite runs this too.
    """
    sql = """
        SELECT i.id, i.name, i.slug,
               COUNT(CASE WHEN p.commitment = %s THEN 1 END) AS round_count,
               COUNT(CASE WHEN p.lead AND p.commitment = %s THEN 1 END) AS lead_count,
               MAX(CASE WHEN p.commitment <> %s THEN p.commitment END) AS prospect
        FROM deals_round r
        JOIN deals_participation p ON p.round_id = r.id
        JOIN deals_investor i ON i.id = p.investor_id
        WHERE r.company_id = %s
        GROUP BY i.id, i.name, i.slug
        ORDER BY lead_count DESC, round_count DESC, i.name
        LIMIT %s
    """
    params = [Commitment.CONFIRMED] * 3 + [company_id, INVESTOR_LIMIT + 1]
    return list(Investor.objects.raw(sql, params))
