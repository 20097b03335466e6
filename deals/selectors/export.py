"""Rounds as CSV lines for an export of any filtered rounds list, streamed: the rows
are read with a server-side cursor in chunks, so a million rounds never sit in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db.models import F
from django.urls import reverse

from deals.filters import RoundFilter
from deals.models import Citation, Round
from deals.models.choices import Commitment, RoundStatus, Stage

from .rounds import DEFAULT_SORT, SORTS, attach_participations

CHUNK = 2000
HEADER = (
    "announced",
    "company",
    "country",
    "sector",
    "stage",
    "status",
    "amount",
    "currency",
    "amount_usd",
    "valuation",
    "valuation_currency",
    "valuation_basis",
    "lead_investors",
    "other_investors",
    "prospective_investors",
    "expected_close_from",
    "expected_close_to",
    "source",
    "url",
)
# A spreadsheet runs a cell that starts with one of these as a formula
# ("=HYPERLINK(...)", "=cmd|' /C calc'!A0"): OWASP's advice is a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class _Echo:
    """csv.writer's file: hands each written line back instead of buffering it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(*, filters: Mapping[str, Any], site: str = "") -> Iterator[str]:
    """The header and one line per round the rounds list would show for `filters`, in
    its sort order; `site` prefixes the round's own URL."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    # One reverse() for the export, not one per row: a million of them took minutes.
    before, _, after = reverse("deals:round_detail", kwargs={"pk": 987654321}).rpartition(
        "987654321"
    )
    for round_ in export_rounds(filters=filters):
        url = f"{site}{before}{round_.pk}{after}"
        yield writer.writerow([safe_cell(v) for v in _row(round_, url)])


def export_rounds(*, filters: Mapping[str, Any]) -> Iterator[Round]:
    filterset = RoundFilter(data=filters)
    filterset.is_valid()  # an invalid value filters nothing, as on the page
    sort = filters.get("sort") or DEFAULT_SORT
    column, descending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    order = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    queryset = filterset.filter_queryset(Round.objects.select_related("company"))
    yield from _in_chunks(queryset.order_by(order, "-id" if descending else "id"))


def _in_chunks(rounds: Iterable[Round]) -> Iterator[Round]:
    # iterator(): PostgreSQL streams through a server-side cursor; each chunk gets its
    # investors and sources in two queries.
    chunk: list[Round] = []
    for round_ in rounds.iterator(chunk_size=CHUNK):  # type: ignore[attr-defined]
        chunk.append(round_)
        if len(chunk) == CHUNK:
            yield from _with_details(chunk)
            chunk = []
    yield from _with_details(chunk)


def _with_details(chunk: list[Round]) -> list[Round]:
    attach_participations(chunk)
    sources: dict[int, str] = {}
    citations = (
        Citation.objects.filter(round_id__in=[r.pk for r in chunk])
        .order_by("round_id", "id")
        .values_list("round_id", "article__url")
    )
    for round_id, url in citations:
        sources.setdefault(round_id, url or "")
    for round_ in chunk:
        round_.export_source = sources.get(round_.pk, "")  # type: ignore[attr-defined]
    return chunk


def _row(round_: Any, url: str) -> list[Any]:
    people = round_.participation_list
    company = round_.company
    return [
        round_.announced_on,
        company.name,
        company.country,
        company.sector,
        _label(Stage, round_.stage),
        _label(RoundStatus, round_.status),
        round_.amount,
        round_.currency,
        round_.amount_usd,
        round_.valuation,
        round_.valuation_currency,
        round_.valuation_basis,
        "; ".join(p.investor.name for p in people if p.is_confirmed and p.lead),
        "; ".join(p.investor.name for p in people if p.is_confirmed and not p.lead),
        "; ".join(
            f"{p.investor.name} ({_label(Commitment, p.commitment).lower()})"
            for p in people
            if not p.is_confirmed
        ),
        round_.expected_close_start,
        round_.expected_close_end,
        round_.export_source,
        url,
    ]


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
