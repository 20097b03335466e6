import datetime as dt
from decimal import Decimal

from deals.currency import is_known_currency, to_usd


def test_converts_eur_at_the_rate_of_a_past_day() -> None:
    # The ECB reference rate of 2020-03-02 (a Monday) was 1.1122 USD per EUR.
    usd = to_usd(Decimal("1000000"), "EUR", dt.date(2020, 3, 2))
    assert usd == Decimal("1112200.00")


def test_a_weekend_falls_back_to_neighbouring_rates() -> None:
    saturday = to_usd(Decimal("100"), "EUR", dt.date(2020, 2, 29))
    assert saturday is not None
    assert Decimal("105") < saturday < Decimal("115")


def test_a_date_outside_the_rate_history_uses_the_nearest_rates() -> None:
    assert to_usd(Decimal("100"), "GBP", dt.date(1990, 1, 1)) is not None
    assert to_usd(Decimal("100"), "GBP", dt.date(2100, 1, 1)) is not None


def test_cny_converts_to_a_plausible_dollar_figure() -> None:
    usd = to_usd(Decimal("50000000000"), "CNY", dt.date(2025, 6, 2))
    assert usd is not None
    assert Decimal("6500000000") < usd < Decimal("7500000000")


def test_usd_is_returned_unchanged_to_the_cent() -> None:
    assert to_usd(Decimal("12.345"), "usd", None) == Decimal("12.35")


def test_unknown_currency_gives_none() -> None:
    assert to_usd(Decimal("100"), "XYZ", dt.date(2020, 3, 2)) is None


def test_iso_currency_without_ecb_rate_gives_none() -> None:
    # Nigeria's naira is ISO 4217 but the ECB does not publish it.
    assert is_known_currency("NGN")
    assert to_usd(Decimal("100"), "NGN", dt.date(2020, 3, 2)) is None


def test_is_known_currency_follows_iso_4217() -> None:
    assert is_known_currency("CNY")
    assert is_known_currency("EUR")
    assert not is_known_currency("XYZ")
    assert not is_known_currency("eur")
    assert not is_known_currency("")
