"""Money and fuzzy dates the way people read them, and links that may not exist yet.

Money is written long and compact with babel's en_US data: "CN¥50 billion",
"$7.36 billion", "$950,000". Babel's symbols keep CNY ("CN¥") and JPY ("¥") apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_currency, get_currency_symbol
from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language

from deals.models.choices import (
    Commitment,
    MilestoneKind,
    MilestoneStatus,
    Precision,
    Qualifier,
    RoundStatus,
    Stage,
    UsdSource,
)

register = template.Library()

# Parsed once: babel would otherwise parse the identifier on every call.
LOCALE = Locale.parse("en_US")
COMPACT_FROM = Decimal(1_000_000)
QUALIFIER_WORDS: dict[str, str] = {
    Qualifier.EXACT: "",
    Qualifier.ABOVE: "more than ",
    Qualifier.ABOUT: "about ",
    Qualifier.UP_TO: "up to ",
}
UNDISCLOSED = "Undisclosed"


@register.filter
def money(amount: Decimal | int | float | None, currency: str = "USD") -> str:
    """ "$1.2 billion", "CN¥50 billion", "$950,000"; "" when there is no amount."""
    if amount is None or amount == "":
        return ""
    return _money(Decimal(str(amount)), (currency or "USD").upper())


# A pure function of its arguments, and babel's compact formatting is slow enough to
# show in a 25-row list; amounts repeat a lot (round figures), so a small cache pays.
@lru_cache(maxsize=4096)
def _money(amount: Decimal, currency: str) -> str:
    if abs(amount) < COMPACT_FROM:
        return format_currency(
            amount, currency, format="¤#,##0", locale=LOCALE, currency_digits=False
        )
    number = format_compact_decimal(amount, format_type="long", locale=LOCALE, fraction_digits=2)
    symbol = get_currency_symbol(currency, locale=LOCALE)
    # A symbol that is just letters ("CHF") reads better with a space after it.
    separator = " " if symbol.isalpha() else ""
    return f"{symbol}{separator}{number}"


@register.filter
def qualified_money(amount: Decimal | None, currency: str, qualifier: str = "") -> str:
    if amount is None:
        return UNDISCLOSED
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{money(amount, currency)}"


@register.filter
def round_amount(round_: Any) -> str:
    """ "about CN¥50 billion (≈ $7.36 billion)", "$1.2 billion" or "Undisclosed"."""
    if round_.amount is None:
        if round_.amount_usd is not None:
            return qualified_money(round_.amount_usd, "USD", round_.amount_qualifier)
        return UNDISCLOSED
    text = qualified_money(round_.amount, round_.currency, round_.amount_qualifier)
    if round_.currency.upper() != "USD" and round_.amount_usd is not None:
        text += f" (≈ {money(round_.amount_usd, 'USD')})"
    return text


@register.filter
def day_month_year(value: dt.date | None) -> str:
    """`|date:"j M Y"` ("5 Jan 2026") for a date, or "" for none. Django's date filter
    parses its format on every call, which showed in 50-row tables; dates repeat, so
    the text is cached per date and language."""
    if value is None or value == "":
        return ""
    return _day_month_year(value, get_language())


@lru_cache(maxsize=4096)
def _day_month_year(value: dt.date, language: str | None) -> str:
    return date_format(value, "j M Y")


STAGE_LABELS = {value: str(label) for value, label in Stage.choices}
ROUND_STATUS_LABELS = {value: str(label) for value, label in RoundStatus.choices}
MILESTONE_KIND_LABELS = {value: str(label) for value, label in MilestoneKind.choices}
MILESTONE_STATUS_LABELS = {value: str(label) for value, label in MilestoneStatus.choices}
# "in talks", "considering": how a prospective investor is written beside its name.
COMMITMENT_LABELS = {value: str(label).lower() for value, label in Commitment.choices}


@register.filter
def stage_label(value: str) -> str:
    """What get_stage_display() says, without rebuilding the choices on every call."""
    return STAGE_LABELS.get(value, value)


@register.filter
def round_status_label(value: str) -> str:
    return ROUND_STATUS_LABELS.get(value, value)


@register.filter
def milestone_kind_label(value: str) -> str:
    return MILESTONE_KIND_LABELS.get(value, value)


@register.filter
def commitment_label(value: str) -> str:
    """ "in talks" or "considering" for a prospective investor, "" for a confirmed one."""
    return "" if value == Commitment.CONFIRMED else COMMITMENT_LABELS.get(value, value)


@register.filter
def usd_source(round_: Any) -> str:
    """How the USD figure was obtained, or "" when there is none."""
    if round_.amount_usd is None:
        return ""
    return str(UsdSource(round_.amount_usd_source).label) if round_.amount_usd_source else ""


@register.filter
def round_valuation(round_: Any) -> str:
    """ "more than $10 billion post-money", or "" when no valuation is known."""
    if round_.valuation is None:
        return ""
    text = qualified_money(round_.valuation, round_.valuation_currency, round_.valuation_qualifier)
    basis = {"pre": "pre-money", "post": "post-money"}.get(round_.valuation_basis)
    return f"{text} {basis}" if basis else text


# Pure, and babel's date formatting showed in pages listing a hundred milestones.
@lru_cache(maxsize=4096)
def fuzzy_date(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    """A date as written: "12 Jun 2027", "June 2027", "Q3 2026", "H2 2026", "2027"."""
    if start is None:
        return ""
    if precision == Precision.YEAR:
        return str(start.year)
    if precision == Precision.HALF:
        return f"H{1 if start.month <= 6 else 2} {start.year}"
    if precision == Precision.QUARTER:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision == Precision.MONTH:
        return format_date(start, "MMMM y", locale=LOCALE)
    day = format_date(start, "d MMM y", locale=LOCALE)
    if end is not None and end != start:
        return f"{day} – {format_date(end, 'd MMM y', locale=LOCALE)}"
    return day


def range_precision(start: dt.date, end: dt.date) -> str | None:
    """The precision a range spells exactly (a whole month, quarter, half or year), or None."""
    if start == end:
        return Precision.DAY
    if start.day != 1 or start.year != end.year:
        return None
    if end.day != calendar.monthrange(end.year, end.month)[1]:
        return None
    months = (start.month, end.month)
    if months[0] == months[1]:
        return Precision.MONTH
    if months[0] % 3 == 1 and months[1] == months[0] + 2:
        return Precision.QUARTER
    if months in ((1, 6), (7, 12)):
        return Precision.HALF
    if months == (1, 12):
        return Precision.YEAR
    return None


@register.filter
def date_range(start: dt.date | None, end: dt.date | None = None) -> str:
    """A range shown at the precision it spells; "from X" / "by Y" when half open."""
    if start is None and end is None:
        return ""
    if start is None:
        return f"by {fuzzy_date(end, end, Precision.DAY)}"
    if end is None:
        return f"from {fuzzy_date(start, start, Precision.DAY)}"
    precision = range_precision(start, end)
    if precision is not None:
        return fuzzy_date(start, end, precision)
    return fuzzy_date(start, end, Precision.DAY)


@register.filter
def milestone_date(milestone: Any) -> str:
    return fuzzy_date(milestone.date_start, milestone.date_end, milestone.precision)


@register.filter
def expected_close(round_: Any) -> str:
    return date_range(round_.expected_close_start, round_.expected_close_end)


@register.filter
def milestone_state(milestone: Any) -> str:
    """The milestone's status, or "overdue" when its date passed without an outcome."""
    if milestone.status == MilestoneStatus.UPCOMING and milestone.date_end < timezone.localdate():
        return "overdue"
    return milestone.status


@register.simple_tag
def milestone_badge(milestone: Any) -> str:
    state = milestone_state(milestone)
    label = "Overdue" if state == "overdue" else MILESTONE_STATUS_LABELS.get(state, state)
    return format_html('<span class="badge {}">{}</span>', state, label)


@register.simple_tag(takes_context=True)
def edit_link(context: template.Context, name: str, label: str = "Edit", **kwargs: Any) -> str:
    """A write link for editors, and nothing at all when the URL does not exist (yet).

    Editing views land separately; pages must not break with NoReverseMatch meanwhile.
    Keyword arguments reverse the URL, except `query_<name>=value`, which go into the
    query string: {% edit_link "deals:round_create" "Add round" query_company=c.slug %}.
    """
    if not context.get("can_edit"):
        return ""
    query = {k.removeprefix("query_"): v for k, v in kwargs.items() if k.startswith("query_")}
    url_kwargs = {k: v for k, v in kwargs.items() if not k.startswith("query_")}
    try:
        url = reverse(name, kwargs=url_kwargs or None)
    except NoReverseMatch:
        return ""
    if query:
        url += "?" + urlencode(query)
    return format_html('<a class="btn small" href="{}">{}</a>', url, label)
