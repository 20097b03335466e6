"""The validation rules of rounds and milestones, each written once.

Forms call them on their cleaned data (to show each message beside its field) and
the services call them on the instance before saving (for data that comes from no
form: ingest, merges, imports). The database constraints say the same, but only
as "constraint violated".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from deals.currency import is_known_currency

Errors = dict[str, list[str]]

# Figure -> the field holding its currency.
MONEY_FIELDS = (("amount", "currency"), ("valuation", "valuation_currency"))
FIGURE_FIELDS = ("amount", "amount_usd", "valuation")


def merge_errors(*parts: Errors) -> Errors:
    merged: Errors = {}
    for part in parts:
        for field, messages in part.items():
            merged.setdefault(field, []).extend(messages)
    return merged


def range_errors(
    start: dt.date | None,
    end: dt.date | None,
    *,
    field: str,
    message: str = "The date range ends before it starts.",
) -> Errors:
    """An end before the start, reported on `field` (the end's)."""
    if start and end and start > end:
        return {field: [message]}
    return {}


def currency_code(value: str | None) -> str:
    """What was typed or extracted, as a code: "eur " -> "EUR"."""
    return (value or "").strip().upper()


def currency_error(code: str) -> str | None:
    if code and not is_known_currency(code):
        return f"“{code}” is not an ISO 4217 currency code (e.g. USD, EUR, CNY)."
    return None


def money_errors(values: Mapping[str, Any], *, typed: bool = False) -> Errors:
    """Figures not negative, each with a known currency.

    `typed`: the values an editor typed, where a zero is a slip for "undisclosed"
    (an extracted figure is never zero). A currency field missing from `values`
    failed its own check already and is not reported twice.
    """
    errors: Errors = {}
    for field in FIGURE_FIELDS:
        value = values.get(field)
        if value is not None and value < 0:
            errors[field] = ["Cannot be negative."]
        elif typed and value == 0:
            errors[field] = ["Leave it empty when undisclosed; zero is not an amount."]
    for field, code_field in MONEY_FIELDS:
        if code_field not in values:
            continue
        code = values[code_field]
        if values.get(field) is not None and not code:
            errors[code_field] = [f"Give the currency of the {field}."]
        elif message := currency_error(code):
            errors[code_field] = [message]
    return errors
