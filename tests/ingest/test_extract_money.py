from decimal import Decimal

import pytest

from deals.ingest.extract.money import find_money


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("raised $1.2bn on Monday", "1200000000", "USD"),
        ("a US$500 million round", "500000000", "USD"),
        ("secured €600m of debt", "600000000", "EUR"),
        ("seeks 50 billion yuan", "50000000000", "CNY"),
        ("RMB 2 billion in funding", "2000000000", "CNY"),
        ("Rs 1,200 crore from investors", "12000000000", "INR"),
        ("₩300 billion facility", "300000000000", "KRW"),
        ("half a billion dollars in new funding", "500000000", "USD"),
        ("DKK 59.56bn rights issue", "59560000000", "DKK"),
        ("R$2.3 billion offering", "2300000000", "BRL"),
        ("£45 million from backers", "45000000", "GBP"),
        ("a $13.5B valuation", "13500000000", "USD"),
    ],
)
def test_reads_money_forms(text: str, value: str, currency: str) -> None:
    [mention] = find_money(text)
    assert (mention.value, mention.currency) == (Decimal(value), currency)


def test_folds_a_parenthesised_conversion_into_the_stated_figure() -> None:
    [mention] = find_money("could raise as much as BRL 2.3 billion (US$434 million) in its IPO")
    assert mention.currency == "BRL"
    assert mention.qualifier == "up_to"
    assert mention.in_currency("USD") == Decimal(434_000_000)


def test_folds_an_equivalent_to_conversion() -> None:
    [mention] = find_money("targets 80 billion yuan, equivalent to roughly $11 billion, by June")
    assert (mention.currency, mention.in_currency("USD")) == ("CNY", Decimal(11_000_000_000))


def test_keeps_two_unrelated_figures_apart() -> None:
    mentions = find_money("raised $200 million at a $16 billion valuation")
    assert [m.value for m in mentions] == [Decimal(200_000_000), Decimal(16_000_000_000)]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("more than $200 million", "above"),
        ("about $5m", "about"),
        ("up to $590 million", "up_to"),
        ("$200m-plus", "above"),
        ("$70 million", "exact"),
    ],
)
def test_reads_the_qualifier(text: str, qualifier: str) -> None:
    assert find_money(text)[0].qualifier == qualifier


def test_yen_sign_means_yuan_in_a_chinese_context() -> None:
    assert find_money("¥10 billion", yen_is_yuan=True)[0].currency == "CNY"
    assert find_money("¥10 billion")[0].currency == "JPY"


def test_ignores_plain_numbers_and_percentages() -> None:
    assert find_money("34.3 million shares, up 60% on 2023") == []
