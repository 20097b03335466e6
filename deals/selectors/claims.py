"""Reads for reports that differ: the round page's side-by-side view of its claims."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from deals.models import ClaimField, Round, RoundClaim
from deals.services.claims import CLAIM_FIELDS, claim_source, claim_values, same_value
from deals.templatetags.deal_format import qualified_money


@dataclass
class Report:
    claim: RoundClaim
    source: str
    text: str
    accepted: bool


@dataclass
class DifferingFact:
    field: str
    label: str
    accepted_text: str
    kept_open: bool
    reports: list[Report]


def claim_text(fact: str, value: dict[str, Any]) -> str:
    """A claim as the page words it: "about CN¥60 billion", "Pending", "Series B"."""
    names = CLAIM_FIELDS[fact]
    if fact in (ClaimField.AMOUNT, ClaimField.VALUATION):
        figure = value.get(names[0])
        amount = Decimal(figure) if figure else None
        return qualified_money(amount, value.get(names[1], ""), value.get(names[2], ""))
    if fact == ClaimField.LEAD:
        return value.get("leads", "").replace("; ", " and ")
    choices = dict(Round._meta.get_field(names[0]).choices or [])  # type: ignore[union-attr]
    raw = value.get(names[0], "")
    return str(choices.get(raw, raw))


@dataclass
class DifferingReports:
    facts: list[DifferingFact]

    def __bool__(self) -> bool:
        return bool(self.facts)

    def __iter__(self) -> Iterator[DifferingFact]:
        return iter(self.facts)

    @property
    def by_field(self) -> dict[str, DifferingFact]:
        # The facts list of the round page looks its marks up by field name.
        return {f.field: f for f in self.facts}


def round_differing_reports(*, round: Round) -> DifferingReports:
    """The facts of this round that its reports give differently, each with every report.

    One query. A fact shows when some report disagrees with the round's value or
    with another report, or when an editor kept it as "reports differ".
    """
    claims = list(
        RoundClaim.objects.filter(round=round)
        .select_related("article")
        .order_by("reported_on", "id")
    )
    current = claim_values(round)
    facts: list[DifferingFact] = []
    for fact in CLAIM_FIELDS:
        mine = [c for c in claims if c.field == fact]
        accepted = current.get(fact)
        agree = [accepted is not None and same_value(fact, accepted, c.value) for c in mine]
        distinct = {claim_text(fact, c.value) for c in mine}
        if not mine or (all(agree) and len(distinct) < 2 and fact not in round.reports_differ):
            continue
        facts.append(
            DifferingFact(
                field=fact,
                label=ClaimField(fact).label,
                accepted_text=claim_text(fact, accepted) if accepted else "Not recorded",
                kept_open=fact in round.reports_differ,
                reports=[
                    Report(
                        claim=c,
                        source=claim_source(c.article),
                        text=claim_text(fact, c.value),
                        accepted=ok,
                    )
                    for c, ok in zip(mine, agree, strict=True)
                ],
            )
        )
    return DifferingReports(facts)


def claim_get(*, pk: int) -> RoundClaim | None:
    return RoundClaim.objects.select_related("article").filter(pk=pk).first()


def round_for_claims(*, pk: int) -> Round | None:
    return Round.objects.filter(pk=pk).first()
