"""Reads of rounds: the filtered list with keyset pagination, one round, dashboard totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from deals.filters import RoundFilter
from deals.models import Citation, Milestone, Participation, Round
from deals.models.choices import RoundStatus

from .history import round_investor_history

PAGE_SIZE = 25

# sort name -> (column, descending). Ties break on id in the same direction;
# rows without a value come last in every sort.
SORTS: dict[str, tuple[str, bool]] = {
    "newest": ("announced_on", True),
    "oldest": ("announced_on", False),
    "largest": ("amount_usd", True),
    "smallest": ("amount_usd", False),
}
DEFAULT_SORT = "newest"
CURSOR_SEP = "~"


@dataclass(frozen=True)
class RoundPage:
    rows: list[Round]
    sort: str
    next_cursor: str | None
    is_first: bool

    @property
    def count(self) -> int | None:
        """How many rounds match, when this page holds them all; None when more exist.

        No COUNT(*): even capped at 1,000 it cost more than the rest of the page on a
        million rounds (a selective filter scans far to find 1,000 matches), and the
        keyset read already knows whether a next page exists.
        """
        if self.is_first and self.next_cursor is None:
            return len(self.rows)
        return None


@dataclass(frozen=True)
class RaisedTotals:
    month_start: dt.date
    quarter_start: dt.date
    month_usd: Decimal
    quarter_usd: Decimal
    month_rounds: int
    quarter_rounds: int


def attach_participations(rounds: list[Round]) -> None:
    """Set `participation_list` on each round: confirmed investors first, leads first, then
    by investor name, each with its commitment and its investor's name and slug (all a
    rounds table shows of it).

    One query grouped here, not prefetch_related: its machinery, and loading every
    investor column, cost more than the query.
    """
    by_round: dict[int, list[Participation]] = {r.pk: [] for r in rounds}
    if rounds:
        participations = (
            Participation.objects.filter(round_id__in=list(by_round))
            .select_related("investor")
            .only("round_id", "lead", "commitment", "investor__name", "investor__slug")
            .order_by("-lead", "investor__name")
        )
        for participation in participations:
            by_round[participation.round_id].append(participation)
    for round_ in rounds:
        # A stable sort keeps the query's order within confirmed and prospective investors.
        ordered = sorted(by_round[round_.pk], key=lambda p: not p.is_confirmed)
        round_.participation_list = ordered  # type: ignore[attr-defined]


def round_list(
    *,
    filters: Mapping[str, Any] | None = None,
    filterset: RoundFilter | None = None,
    sort: str = DEFAULT_SORT,
    after: str | None = None,
    limit: int = PAGE_SIZE,
) -> RoundPage:
    """One page of rounds matching `filters` (a query string), in `sort` order, after a cursor.

    A view that renders the filter form passes its bound `filterset` instead, so the
    query string is validated once per request (building one costs deep copies).
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    if filterset is None:
        filterset = RoundFilter(data=filters or {})
    # Cleans the form: an invalid value is left out of cleaned_data, so it filters nothing.
    filterset.is_valid()
    queryset = filterset.filter_queryset(Round.objects.select_related("company"))
    column, _ = SORTS[sort]
    cursor = decode_cursor(after, column=column)
    rows, has_more = _keyset_page(queryset, sort=sort, cursor=cursor, limit=limit)
    attach_participations(rows)
    next_cursor = encode_cursor(rows[-1], column=column) if has_more and rows else None
    return RoundPage(rows=rows, sort=sort, next_cursor=next_cursor, is_first=cursor is None)


def rounds_latest(*, limit: int = 10) -> list[Round]:
    """The newest rounds, for the dashboard."""
    rows, _ = _keyset_page(
        Round.objects.select_related("company"), sort=DEFAULT_SORT, cursor=None, limit=limit
    )
    attach_participations(rows)
    return rows


def _keyset_page(
    queryset: QuerySet[Round],
    *,
    sort: str,
    cursor: tuple[Any, int] | None,
    limit: int,
) -> tuple[list[Round], bool]:
    """Rows after `cursor` in `sort` order, and whether more follow.

    Keyset, not OFFSET: page 4,000 costs what page 1 does. NULLS LAST is done as
    two plain range scans instead of one ORDER BY ... NULLS LAST, because the
    latter cannot use round_announced_idx (a DESC index keeps nulls first):
    1. If the cursor is not on a row without a value, read the rows that have a
       value, seeking past the cursor with `col <= v AND (col < v OR id < i)`
       (the first conjunct is the index condition).
    2. If that left the page short, top it up with the rows without a value, by id,
       seeking past the cursor's id when the cursor already sits among them.
    At most two queries; limit + 1 rows are read to know whether a next page exists.
    """
    column, descending = SORTS[sort]
    direction = "-" if descending else ""
    rows: list[Round] = []
    value, last_id = cursor if cursor else (None, None)
    if cursor is None or value is not None:
        with_value = queryset.filter(**{f"{column}__isnull": False})
        if cursor is not None:
            if descending:
                with_value = with_value.filter(**{f"{column}__lte": value}).filter(
                    Q(**{f"{column}__lt": value}) | Q(id__lt=last_id)
                )
            else:
                with_value = with_value.filter(**{f"{column}__gte": value}).filter(
                    Q(**{f"{column}__gt": value}) | Q(id__gt=last_id)
                )
        rows = list(with_value.order_by(f"{direction}{column}", f"{direction}id")[: limit + 1])
    if len(rows) <= limit:
        without_value = queryset.filter(**{f"{column}__isnull": True})
        if cursor is not None and value is None:
            seek = {"id__lt": last_id} if descending else {"id__gt": last_id}
            without_value = without_value.filter(**seek)
        rows += list(without_value.order_by(f"{direction}id")[: limit + 1 - len(rows)])
    return rows[:limit], len(rows) > limit


def encode_cursor(row: Round, *, column: str) -> str:
    value = getattr(row, column)
    text = "" if value is None else value.isoformat() if column == "announced_on" else str(value)
    return f"{text}{CURSOR_SEP}{row.pk}"


def decode_cursor(raw: str | None, *, column: str) -> tuple[Any, int] | None:
    """(value, id) from `?after=`, or None (the first page) for anything malformed."""
    if not raw:
        return None
    text, sep, id_text = raw.rpartition(CURSOR_SEP)
    if not sep or not id_text.isdigit():
        return None
    if not text:
        return None, int(id_text)
    try:
        value: Any = dt.date.fromisoformat(text) if column == "announced_on" else Decimal(text)
    except (ValueError, InvalidOperation):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    return value, int(id_text)


def round_get(*, pk: int) -> Round | None:
    """One round with everything its page shows: investors, sources, milestones.

    The investors come split: `investor_list` (confirmed) and `prospect_list` (in talks
    or considering), each leads first, then by name; `investor_history` holds the latest
    changes to them (who added, confirmed or dropped which investor).
    """
    citations = Citation.objects.select_related("article")
    round_ = (
        Round.objects.select_related("company")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("investor")
                .prefetch_related(Prefetch("citations", queryset=citations))
                .order_by("-lead", "investor__name"),
            ),
            Prefetch("citations", queryset=citations),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.prefetch_related(
                    Prefetch("citations", queryset=citations)
                ).order_by("date_start", "id"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if round_ is not None:
        participations = list(round_.participations.all())
        round_.investor_list = [p for p in participations if p.is_confirmed]  # type: ignore[attr-defined]
        round_.prospect_list = [p for p in participations if not p.is_confirmed]  # type: ignore[attr-defined]
        round_.investor_history = round_investor_history(round_id=round_.pk)  # type: ignore[attr-defined]
    return round_


def quarter_start(day: dt.date) -> dt.date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def raised_totals(*, today: dt.date) -> RaisedTotals:
    """USD raised this month and this quarter to date, in one query.

    Completed and pending rounds count (a pending round is announced money);
    cancelled rounds do not, and rounds without a USD figure add nothing.
    """
    month_start = today.replace(day=1)
    q_start = quarter_start(today)
    in_month = Q(announced_on__gte=month_start)
    totals = Round.objects.filter(
        status__in=[RoundStatus.COMPLETED, RoundStatus.PENDING],
        announced_on__gte=q_start,
        announced_on__lte=today,
    ).aggregate(
        quarter_usd=Sum("amount_usd"),
        month_usd=Sum("amount_usd", filter=in_month),
        quarter_rounds=Count("id"),
        month_rounds=Count("id", filter=in_month),
    )
    return RaisedTotals(
        month_start=month_start,
        quarter_start=q_start,
        month_usd=totals["month_usd"] or Decimal(0),
        quarter_usd=totals["quarter_usd"] or Decimal(0),
        month_rounds=totals["month_rounds"],
        quarter_rounds=totals["quarter_rounds"],
    )
