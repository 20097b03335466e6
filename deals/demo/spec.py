"""The shapes of the demo records, and how their dates are resolved.

records.py reads the files in data/ into these dataclasses; seed.py writes the
seed story in them. Round figures are the ones reported at announcement.
Milestone dates are either fixed (a reported date or target) or relative to the
day the demo is loaded, so the dashboard's "what to watch" has something in the
next 90 days and a few overdue items whatever day the demo runs.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from deals.models.choices import Commitment, Precision

ARTICLES_DIR = Path(__file__).parent / "articles"


@dataclass(frozen=True)
class DemoCompany:
    slug: str
    name: str
    country: str
    sector: str
    website: str = ""
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoInvestor:
    slug: str
    name: str
    kind: str
    # The slug of a demo company when the investor is one (CATL invests and is covered).
    company: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoRound:
    company: str
    stage: str
    announced_on: dt.date
    amount: Decimal | None
    currency: str
    status: str = "completed"
    amount_qualifier: str = "exact"
    # Only where the source states the USD figure; otherwise round_save converts at the ECB rate.
    amount_usd: Decimal | None = None
    valuation: Decimal | None = None
    valuation_currency: str = ""
    valuation_basis: str = "unknown"
    valuation_qualifier: str = "exact"
    expected_close: tuple[dt.date, dt.date] | None = None
    closed_on: dt.date | None = None
    notes: str = ""
    # (investor slug, lead)
    investors: tuple[tuple[str, bool], ...] = ()
    # (investor slug, Commitment value) of the investors above that the source says are
    # only in talks or considering; the others are confirmed.
    commitments: tuple[tuple[str, str], ...] = ()

    def commitment_of(self, slug: str) -> str:
        return dict(self.commitments).get(slug, Commitment.CONFIRMED)


@dataclass(frozen=True)
class Fixed:
    """A date range as reported: a day, or the whole month/quarter/half/year."""

    start: dt.date
    end: dt.date
    precision: str = Precision.DAY


@dataclass(frozen=True)
class Relative:
    """The period (of `precision`) that holds the day `days` after the load date."""

    days: int
    precision: str = Precision.DAY


@dataclass(frozen=True)
class DemoMilestone:
    company: str
    title: str
    kind: str
    when: Fixed | Relative
    status: str = "upcoming"
    description: str = ""
    # Link to the company's round announced on this day, if any.
    round_announced_on: dt.date | None = None
    outcome_note: str = field(default="")


@dataclass(frozen=True)
class DemoArticle:
    """A news article shipped in articles/, loaded as if fetched from `url` at `fetched_at`."""

    filename: str
    url: str
    title: str
    published_at: dt.datetime
    # Relative dates in the text ("in June", "next month") are read from this day.
    fetched_at: dt.datetime

    @property
    def path(self) -> Path:
        return ARTICLES_DIR / self.filename


def D(value: str) -> Decimal:
    return Decimal(value)


def month(y: int, m: int) -> Fixed:
    return Fixed(*period_of(dt.date(y, m, 1), Precision.MONTH), Precision.MONTH)


def period_of(d: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """First and last day of the day/month/quarter/half/year that contains `d`."""
    if precision == Precision.DAY:
        return d, d
    if precision == Precision.YEAR:
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    spans: dict[str, int] = {Precision.MONTH: 1, Precision.QUARTER: 3, Precision.HALF: 6}
    span = spans[precision]
    first_month = (d.month - 1) // span * span + 1
    last_month = first_month + span - 1
    last_day = calendar.monthrange(d.year, last_month)[1]
    return dt.date(d.year, first_month, 1), dt.date(d.year, last_month, last_day)


def resolve(when: Fixed | Relative, *, today: dt.date) -> tuple[dt.date, dt.date, str]:
    if isinstance(when, Fixed):
        return when.start, when.end, when.precision
    start, end = period_of(today + dt.timedelta(days=when.days), when.precision)
    return start, end, when.precision
