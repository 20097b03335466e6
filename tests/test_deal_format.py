import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import get_template

from deals.templatetags.deal_format import (
    date_range,
    expected_close,
    fuzzy_date,
    milestone_state,
    money,
    round_amount,
    round_valuation,
)


def _round(**kwargs):
    defaults = {
        "amount": None,
        "currency": "",
        "amount_qualifier": "exact",
        "amount_usd": None,
        "amount_usd_source": "",
        "valuation": None,
        "valuation_currency": "",
        "valuation_basis": "unknown",
        "valuation_qualifier": "exact",
        "expected_close_start": None,
        "expected_close_end": None,
    }
    return SimpleNamespace(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1200000000", "USD", "$1.2 billion"),
        ("50000000000", "CNY", "CN¥50 billion"),
        ("250000000", "EUR", "€250 million"),
        ("7360000000", "GBP", "£7.36 billion"),
        ("10000000000", "JPY", "¥10 billion"),
        ("5000000000", "INR", "₹5 billion"),
        ("30000000", "CHF", "CHF 30 million"),
        ("950000", "USD", "$950,000"),
        ("1000000", "usd", "$1 million"),
    ],
)
def test_money_is_long_and_compact(amount, currency, expected):
    assert money(Decimal(amount), currency) == expected


def test_money_without_amount_is_empty():
    assert money(None, "USD") == ""


def test_round_amount_in_foreign_currency_shows_usd_equivalent():
    round_ = _round(amount=Decimal("50e9"), currency="CNY", amount_usd=Decimal("7.36e9"))
    assert round_amount(round_) == "CN¥50 billion (≈ $7.36 billion)"


def test_round_amount_in_usd_shows_no_equivalent():
    round_ = _round(amount=Decimal("1.2e9"), currency="USD", amount_usd=Decimal("1.2e9"))
    assert round_amount(round_) == "$1.2 billion"


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        ("about", "about €250 million"),
        ("above", "more than €250 million"),
        ("up_to", "up to €250 million"),
        ("exact", "€250 million"),
    ],
)
def test_round_amount_shows_qualifier(qualifier, expected):
    round_ = _round(amount=Decimal("250e6"), currency="EUR", amount_qualifier=qualifier)
    assert round_amount(round_) == expected


def test_round_amount_without_amount_is_undisclosed():
    assert round_amount(_round()) == "Undisclosed"


def test_round_valuation_shows_qualifier_and_basis():
    round_ = _round(
        valuation=Decimal("10e9"),
        valuation_currency="USD",
        valuation_basis="post",
        valuation_qualifier="above",
    )
    assert round_valuation(round_) == "more than $10 billion post-money"


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (dt.date(2027, 6, 12), dt.date(2027, 6, 12), "day", "12 Jun 2027"),
        (dt.date(2027, 6, 1), dt.date(2027, 6, 30), "month", "June 2027"),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quarter", "Q3 2026"),
        (dt.date(2026, 7, 1), dt.date(2026, 12, 31), "half", "H2 2026"),
        (dt.date(2027, 1, 1), dt.date(2027, 12, 31), "year", "2027"),
        (dt.date(2027, 6, 12), dt.date(2027, 6, 20), "day", "12 Jun 2027 – 20 Jun 2027"),
    ],
)
def test_fuzzy_date_as_written(start, end, precision, expected):
    assert fuzzy_date(start, end, precision) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30), "Q2 2026"),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), "H1 2026"),
        (dt.date(2027, 2, 1), dt.date(2027, 2, 28), "February 2027"),
        (dt.date(2027, 1, 1), dt.date(2027, 12, 31), "2027"),
        (dt.date(2027, 3, 5), dt.date(2027, 3, 5), "5 Mar 2027"),
        (dt.date(2027, 3, 5), dt.date(2027, 4, 9), "5 Mar 2027 – 9 Apr 2027"),
        # Two months is no named period: shown as the days it spans.
        (dt.date(2027, 3, 1), dt.date(2027, 4, 30), "1 Mar 2027 – 30 Apr 2027"),
        (dt.date(2027, 3, 1), None, "from 1 Mar 2027"),
    ],
)
def test_expected_close_derives_precision_from_range(start, end, expected):
    assert expected_close(_round(expected_close_start=start, expected_close_end=end)) == expected


def test_date_range_of_nothing_is_empty():
    assert date_range(None, None) == ""


def test_milestone_past_and_still_upcoming_is_overdue():
    yesterday = dt.date.today() - dt.timedelta(days=1)
    overdue = SimpleNamespace(status="upcoming", date_end=yesterday)
    occurred = SimpleNamespace(status="occurred", date_end=yesterday)
    assert milestone_state(overdue) == "overdue"
    assert milestone_state(occurred) == "occurred"


@pytest.mark.parametrize(
    ("can_edit", "name", "expected"),
    [
        (True, "deals:company_detail", '<a class="btn small" href="/companies/acme/">Edit</a>'),
        (False, "deals:company_detail", ""),
        (True, "deals:no_such_view", ""),
    ],
)
def test_edit_link_renders_only_for_editors_and_existing_urls(can_edit, name, expected):
    template = Template('{% load deal_format %}{% edit_link name slug="acme" %}')
    assert template.render(Context({"can_edit": can_edit, "name": name})) == expected


def test_edit_link_puts_query_arguments_in_the_query_string():
    template = Template(
        '{% load deal_format %}{% edit_link "deals:round_list" "Add" query_company="acme" %}'
    )
    html = template.render(Context({"can_edit": True}))
    assert html == '<a class="btn small" href="/rounds/?company=acme">Add</a>'


def _investors_cell(participations: list) -> str:
    round_ = SimpleNamespace(
        company=SimpleNamespace(name="Acme", country="", get_absolute_url="/companies/acme/"),
        participation_list=participations,
        stage="seed",
        status="completed",
        amount=None,
        amount_usd=None,
        currency="",
        amount_qualifier="exact",
        announced_on=None,
        get_absolute_url="/rounds/1/",
    )
    html = get_template("deals/_round_table.html").render({"rounds": [round_]})
    return html.split('data-label="Investors">')[1].split("</td>")[0]


def test_a_round_table_links_three_investors_leads_first_then_counts_the_rest():
    investors = [
        SimpleNamespace(
            lead=i == 0,
            commitment="in_talks" if i == 2 else "confirmed",
            is_confirmed=i != 2,
            investor=SimpleNamespace(name=f"Fund <{i}>", get_absolute_url=f"/investors/fund-{i}/"),
        )
        for i in range(5)
    ]
    cell = _investors_cell(investors)
    assert cell.startswith('<a href="/investors/fund-0/"><strong>Fund &lt;0&gt;</strong></a>, ')
    assert "fund-2" in cell and "fund-3" not in cell
    assert 'Fund &lt;2&gt;</a> <span class="prospect">(in talks)</span>' in cell
    assert cell.count("prospect") == 1
    assert cell.endswith(' <span class="muted">+2 more</span>')
    assert "+" not in _investors_cell(investors[:3])
    assert "—" in _investors_cell([])


def test_day_month_year_reads_like_the_date_filter():
    from django.template.defaultfilters import date as date_filter

    from deals.templatetags.deal_format import day_month_year

    day = dt.date(2026, 1, 5)
    assert day_month_year(day) == date_filter(day, "j M Y") == "5 Jan 2026"
    assert day_month_year(None) == ""
