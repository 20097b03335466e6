"""The dataclasses passed between ingest stages: fetch -> clean -> extract -> resolve -> store.

Only resolve and store touch the database; everything before is plain data, so each
stage can be called from a test without Celery or a server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from deals.models.choices import Stage, ValuationBasis


@dataclass(frozen=True)
class FetchedPage:
    """Raw bytes as fetched, with what the HTTP exchange said about them."""

    url: str
    final_url: str
    content: bytes
    content_type: str
    encoding: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class CleanedArticle:
    """The article's own text, without navigation, related boxes or comments."""

    url: str
    canonical_url: str
    title: str
    publisher: str
    published: date | None
    text: str
    fetched_at: datetime


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    precision: str  # deals.models.choices.Precision values: day, month, quarter, half, year

    def as_schema(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True)
class Money:
    value: Decimal
    currency: str  # ISO 4217
    qualifier: str = "exact"  # deals.models.choices.Qualifier values

    def as_schema(self) -> dict[str, Any]:
        return {"value": _number(self.value), "currency": self.currency}


@dataclass
class ExtractedInvestor:
    name: str
    lead: bool = False
    # "confirmed", or how far a prospective investor has got: "in_talks", "considering"
    # (an article that says only that CATL "is in talks to take a stake").
    commitment: str = "confirmed"


@dataclass
class ExtractedRound:
    company: str
    stage: str = Stage.UNKNOWN
    status: str = "completed"
    amount: Money | None = None
    amount_usd: Decimal | None = None
    valuation: Money | None = None
    valuation_basis: str = ValuationBasis.UNKNOWN
    investors: list[ExtractedInvestor] = field(default_factory=list)
    expected_close: DateRange | None = None
    announced: date | None = None
    sentence: str = ""
    confidence: float = 0.5

    def as_schema(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "stage": self.stage,
            "status": self.status,
            "amount": self.amount.as_schema() if self.amount else None,
            "amount_usd": _number(self.amount_usd) if self.amount_usd is not None else None,
            "valuation": self.valuation.as_schema() if self.valuation else None,
            "investors": [
                {"name": i.name, "lead": i.lead, "commitment": i.commitment} for i in self.investors
            ],
            "expected_close": self.expected_close.as_schema() if self.expected_close else None,
        }


@dataclass
class ExtractedMilestone:
    company: str
    title: str
    date: DateRange
    kind: str = "other"  # deals.models.choices.MilestoneKind values
    sentence: str = ""
    confidence: float = 0.5

    def as_schema(self) -> dict[str, Any]:
        return {"company": self.company, "title": self.title, "date": self.date.as_schema()}


@dataclass
class Extraction:
    published: date | None
    rounds: list[ExtractedRound] = field(default_factory=list)
    milestones: list[ExtractedMilestone] = field(default_factory=list)

    def as_schema(self) -> dict[str, Any]:
        """The JSON shape of ../shared/eval/SCHEMA.md."""
        return {
            "published": self.published.isoformat() if self.published else None,
            "rounds": [r.as_schema() for r in self.rounds],
            "milestones": [m.as_schema() for m in self.milestones],
        }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class FetchError(Exception):
    """A page that cannot be fetched; `reason` is shown to editors as is."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
