"""Reads behind the charts and the co-investor tables.

Funding over time is one aggregate query (TruncMonth + Sum grouped by stage) over a
fixed window of months, so its cost follows the rounds in the window, not the table.
The co-investor reads are one self-join on participations each; only confirmed
participations count (a prospective investor has not invested alongside anyone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from deals.models import Company, Round
from deals.models.choices import Commitment, RoundStatus, Stage

from .rounds import attach_participations

CHART_MONTHS = 24
COUNTRY_LIMIT = 12
CO_INVESTOR_LIMIT = 10
CO_INVESTOR_ROUNDS = 500
NETWORK_LIMIT = 20


@dataclass(frozen=True)
class MonthStack:
    month: dt.date
    by_stage: dict[str, Decimal]  # stage value -> USD; only stages with money
    rounds: int

    @property
    def total(self) -> Decimal:
        return sum(self.by_stage.values(), Decimal(0))


@dataclass(frozen=True)
class FundingSeries:
    months: list[MonthStack]  # every month of the window, oldest first, empty ones too
    stages: list[tuple[str, str]]  # (value, label) of the stages present, in Stage order
    undisclosed_rounds: int = 0  # completed rounds in the window without a USD figure

    @property
    def last_month(self) -> dt.date:
        return self.months[-1].month

    @property
    def is_empty(self) -> bool:
        return not any(m.by_stage for m in self.months)

    @property
    def total(self) -> Decimal:
        return sum((m.total for m in self.months), Decimal(0))


@dataclass(frozen=True)
class CountryCount:
    country: str  # ISO code, "" when unknown
    rounds: int
    amount_usd: Decimal


@dataclass(frozen=True)
class CoInvestor:
    investor_id: int
    name: str
    slug: str
    shared_rounds: int
    latest_round_id: int
    latest_company: str
    latest_announced_on: dt.date | None


@dataclass(frozen=True)
class NetworkRow:
    investor_id: int
    name: str
    slug: str
    partners: list[tuple[str, str, int]] = field(default_factory=list)  # name, slug, shared


def _window(today: dt.date, months: int) -> tuple[dt.date, list[dt.date]]:
    """The first day of each of the last `months` months, ending with today's month."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(months):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    return firsts[0], firsts


def _completed_in_window(today: dt.date, months: int) -> tuple[QuerySet[Round], list[dt.date]]:
    start, firsts = _window(today, months)
    rounds = Round.objects.filter(
        status=RoundStatus.COMPLETED, announced_on__gte=start, announced_on__lte=today
    )
    return rounds, firsts


def funding_by_month(
    *,
    today: dt.date,
    company_id: int | None = None,
    investor_id: int | None = None,
    sector: str | None = None,
    months: int = CHART_MONTHS,
) -> FundingSeries:
    """USD raised per month by stage over the last `months` months (completed rounds).

    An investor's chart adds the whole of each round it confirmed a part in (what it
    was part of; a share per investor is not reported)."""
    rounds, firsts = _completed_in_window(today, months)
    if company_id is not None:
        rounds = rounds.filter(company_id=company_id)
    if sector is not None:
        rounds = rounds.filter(company__sector=sector)
    if investor_id is not None:
        rounds = rounds.filter(
            participations__investor_id=investor_id,
            participations__commitment=Commitment.CONFIRMED,
        )
    rows = (
        rounds.annotate(month=TruncMonth("announced_on"))
        .values("month", "stage")
        .annotate(
            usd=Sum("amount_usd"),
            n=Count("id"),
            undisclosed=Count("id", filter=Q(amount_usd__isnull=True)),
        )
        .order_by()
    )
    stacks: dict[dt.date, dict[str, Decimal]] = {m: {} for m in firsts}
    counts = dict.fromkeys(firsts, 0)
    undisclosed = 0
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        counts[month] = counts.get(month, 0) + row["n"]
        undisclosed += row["undisclosed"]
        if row["usd"]:
            stacks.setdefault(month, {})[row["stage"]] = Decimal(str(row["usd"]))
    present = {stage for stack in stacks.values() for stage in stack}
    return FundingSeries(
        months=[MonthStack(month=m, by_stage=stacks[m], rounds=counts[m]) for m in firsts],
        stages=[(s.value, str(s.label)) for s in Stage if s.value in present],
        undisclosed_rounds=undisclosed,
    )


def rounds_by_country(
    *, today: dt.date, months: int = CHART_MONTHS, limit: int = COUNTRY_LIMIT
) -> list[CountryCount]:
    """Completed rounds per company country over the window, most rounds first."""
    rounds, _ = _completed_in_window(today, months)
    rows = (
        rounds.values("company__country")
        .annotate(n=Count("id"), usd=Sum("amount_usd"))
        .order_by("-n", "company__country")[:limit]
    )
    return [
        CountryCount(
            country=row["company__country"] or "",
            rounds=row["n"],
            amount_usd=Decimal(str(row["usd"] or 0)),
        )
        for row in rows
    ]


# Plain SQL, as in profiles.py: parameters, no casts, no FILTER (SQLite runs it too).
CO_INVESTORS_SQL = """
WITH mine AS (
    SELECT round_id FROM deals_participation
    WHERE investor_id = %s AND commitment = %s
    ORDER BY round_id DESC
    LIMIT %s
), shared AS (
    SELECT p.investor_id, r.id AS round_id, r.announced_on, c.name AS company,
           ROW_NUMBER() OVER (
               PARTITION BY p.investor_id ORDER BY r.announced_on DESC, r.id DESC
           ) AS recency,
           COUNT(*) OVER (PARTITION BY p.investor_id) AS shared_rounds
    FROM mine
    JOIN deals_participation p ON p.round_id = mine.round_id
    JOIN deals_round r ON r.id = p.round_id
    JOIN deals_company c ON c.id = r.company_id
    WHERE p.investor_id <> %s AND p.commitment = %s
)
SELECT s.investor_id, i.name, i.slug, s.shared_rounds, s.round_id, s.company, s.announced_on
FROM shared s JOIN deals_investor i ON i.id = s.investor_id
WHERE s.recency = 1
ORDER BY s.shared_rounds DESC, i.name
LIMIT %s
"""


def co_investors(*, investor_id: int, limit: int = CO_INVESTOR_LIMIT) -> list[CoInvestor]:
    """Who invests alongside this investor most: shared confirmed rounds, the latest one,
    over its CO_INVESTOR_ROUNDS latest rounds on file (the busiest investors have tens of
    thousands at a million rounds, and pairing them all took most of a second)."""
    confirmed = Commitment.CONFIRMED.value
    params: list[int | str] = [
        investor_id,
        confirmed,
        CO_INVESTOR_ROUNDS,
        investor_id,
        confirmed,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(CO_INVESTORS_SQL, params)
        rows = cursor.fetchall()
    return [
        CoInvestor(
            investor_id=row[0],
            name=row[1],
            slug=row[2],
            shared_rounds=row[3],
            latest_round_id=row[4],
            latest_company=row[5],
            latest_announced_on=_as_date(row[6]),
        )
        for row in rows
    ]


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))  # SQLite returns text


# Pairs of the company's confirmed investors who were in the same round of it.
NETWORK_SQL = """
SELECT a.investor_id, ia.name, ia.slug, b.investor_id, ib.name, ib.slug, COUNT(*) AS shared
FROM deals_round r
JOIN deals_participation a ON a.round_id = r.id AND a.commitment = %s
JOIN deals_participation b ON b.round_id = r.id AND b.commitment = %s
     AND b.investor_id <> a.investor_id
JOIN deals_investor ia ON ia.id = a.investor_id
JOIN deals_investor ib ON ib.id = b.investor_id
WHERE r.company_id = %s
GROUP BY a.investor_id, ia.name, ia.slug, b.investor_id, ib.name, ib.slug
ORDER BY ia.name, shared DESC, ib.name
"""


def company_network(*, company_id: int, limit: int = NETWORK_LIMIT) -> list[NetworkRow]:
    """For each of the company's investors, the others it backed the company alongside.

    Ordered by how many partners each has (the hub investors first)."""
    confirmed = Commitment.CONFIRMED.value
    with connection.cursor() as cursor:
        cursor.execute(NETWORK_SQL, [confirmed, confirmed, company_id])
        rows = cursor.fetchall()
    network: dict[int, NetworkRow] = {}
    for a_id, a_name, a_slug, _b_id, b_name, b_slug, shared in rows:
        entry = network.setdefault(a_id, NetworkRow(investor_id=a_id, name=a_name, slug=a_slug))
        entry.partners.append((b_name, b_slug, shared))
    ranked = sorted(network.values(), key=lambda e: (-len(e.partners), e.name))
    return ranked[:limit]


SECTOR_ROUNDS_LIMIT = 20


def sector_rounds(*, sector: str, limit: int = SECTOR_ROUNDS_LIMIT) -> list[Round] | None:
    """The sector's latest rounds, newest first; None when no company has the sector."""
    if not Company.objects.filter(sector=sector).exists():
        return None
    rows = list(
        Round.objects.select_related("company")
        .filter(company__sector=sector)
        .order_by("-announced_on", "-id")[:limit]
    )
    attach_participations(rows)
    return rows
