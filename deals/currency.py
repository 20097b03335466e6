"""USD conversion at the European Central Bank's reference rate of a given day.

The rates ship inside the `currencyconverter` package (the ECB history since
1999), so a conversion needs no network and gives the same answer every run.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.numbers import list_currencies
from currency_converter import CurrencyConverter
from django.utils import timezone

CENT = Decimal("0.01")


@cache
def _converter() -> CurrencyConverter:
    # Loading the rate history takes about a second: once per process.
    # Weekends, holidays and dates past the bundled history fall back to the
    # nearest known rates instead of failing, because announcement dates are
    # whatever the article says, not ECB business days.
    return CurrencyConverter(
        fallback_on_missing_rate=True, fallback_on_wrong_date=True, decimal=True
    )


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(list_currencies())


def is_known_currency(code: str) -> bool:
    """True for an ISO 4217 code (upper case, as CLDR lists it)."""
    return code in _iso_codes()


def to_usd(amount: Decimal, currency: str, on: dt.date | None) -> Decimal | None:
    """`amount` in US dollars at the ECB rate of `on` (today when None), to the cent.

    None when the ECB publishes no rate for the currency (most ISO codes outside
    the ~40 it covers), so callers leave the USD figure empty rather than guess.
    """
    currency = currency.upper()
    if currency == "USD":
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    converter = _converter()
    if currency not in converter.currencies:
        return None
    result = converter.convert(amount, currency, "USD", date=on or timezone.localdate())
    return Decimal(result).quantize(CENT, rounding=ROUND_HALF_UP)
