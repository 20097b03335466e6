"""Date ranges of a day, month, quarter, half or year, and the arithmetic on them that
reading a date relative to publication needs."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from deals.ingest.types import DateRange


def month_range(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(date(year, month, 1), date(year, month, last), "month")


def quarter_range(year: int, quarter: int) -> DateRange:
    first = 3 * (quarter - 1) + 1
    return DateRange(date(year, first, 1), month_range(year, first + 2).end, "quarter")


def half_range(year: int, half: int) -> DateRange:
    if half == 1:
        return DateRange(date(year, 1, 1), date(year, 6, 30), "half")
    return DateRange(date(year, 7, 1), date(year, 12, 31), "half")


def year_range(year: int) -> DateRange:
    return DateRange(date(year, 1, 1), date(year, 12, 31), "year")


def day_range(day: date) -> DateRange:
    return DateRange(day, day, "day")


def nearest_day(month: int, day: int, ref: date) -> date | None:
    """A day given without a year: the occurrence nearest to the reference date."""
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - ref).days) < abs((best - ref).days):
            best = candidate
    return best


def bare_month(month: int, ref: date, future: bool) -> DateRange:
    """A month without a year: the next one on or after publication, or the last one."""
    year = ref.year
    if future and month < ref.month:
        year += 1
    elif not future and month > ref.month:
        year -= 1
    return month_range(year, month)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def span_of_period(unit: str, ref: date, shift: int) -> DateRange:
    if unit == "year":
        return year_range(ref.year + shift)
    if unit == "quarter":
        q = (ref.month - 1) // 3 + shift
        return quarter_range(ref.year + q // 4, q % 4 + 1)
    if unit == "month":
        m = ref.month - 1 + shift
        return month_range(ref.year + m // 12, m % 12 + 1)
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
    return DateRange(monday, monday + timedelta(days=6), "day")
