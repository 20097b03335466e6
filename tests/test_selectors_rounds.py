import datetime as dt
from decimal import Decimal

import pytest

from deals.selectors import raised_totals, round_list, rounds_latest
from deals.selectors.rounds import decode_cursor

from .factories import CompanyFactory, InvestorFactory, ParticipationFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 20)


def _ids(rows):
    return [r.pk for r in rows]


def _walk(sort, *, limit, filters=None):
    """Every page of the list in order, following the cursors."""
    seen, after = [], None
    while True:
        page = round_list(filters=filters, sort=sort, after=after, limit=limit)
        seen += _ids(page.rows)
        if not page.next_cursor:
            return seen
        after = page.next_cursor


def test_filters_narrow_by_stage_status_currency_country_and_sector():
    cn = CompanyFactory(country="CN", sector="AI")
    match = RoundFactory(company=cn, stage="seed", status="pending", currency="CNY")
    RoundFactory(company=cn, stage="seed", status="completed", currency="CNY")
    RoundFactory(company=cn, stage="series_a", status="pending", currency="CNY")
    RoundFactory(stage="seed", status="pending", currency="CNY")  # a US company
    filters = {"stage": "seed", "status": "pending", "currency": "cny", "country": "cn"}
    assert _ids(round_list(filters={**filters, "sector": "ai"}).rows) == [match.pk]


def test_filters_amount_range_in_usd_millions():
    RoundFactory(amount_usd=Decimal("5e6"))
    mid = RoundFactory(amount_usd=Decimal("50e6"))
    RoundFactory(amount_usd=Decimal("500e6"))
    RoundFactory(amount=None, currency="", amount_usd=None)
    assert _ids(round_list(filters={"amount_min": "10", "amount_max": "100"}).rows) == [mid.pk]


def test_filters_announced_date_range():
    RoundFactory(announced_on=dt.date(2025, 12, 31))
    inside = RoundFactory(announced_on=dt.date(2026, 1, 15))
    RoundFactory(announced_on=dt.date(2026, 2, 1))
    filters = {"announced_from": "2026-01-01", "announced_to": "2026-01-31"}
    assert _ids(round_list(filters=filters).rows) == [inside.pk]


def test_filter_q_matches_company_name_and_aliases():
    by_name = RoundFactory(company=CompanyFactory(name="DeepSeek"))
    by_alias = RoundFactory(company=CompanyFactory(name="Moonshot", aliases=["Yuezhi Anmian"]))
    RoundFactory(company=CompanyFactory(name="Zhipu"))
    assert _ids(round_list(filters={"q": "deepseek"}).rows) == [by_name.pk]
    assert _ids(round_list(filters={"q": "anmian"}).rows) == [by_alias.pk]


def test_filter_investor_by_slug_or_name_lists_each_round_once():
    round_ = RoundFactory()
    ParticipationFactory(round=round_, investor=InvestorFactory(name="Hillhouse Capital"))
    ParticipationFactory(round=round_, investor=InvestorFactory(name="Hillhouse Ventures"))
    RoundFactory()
    investor = InvestorFactory(slug="tencent")
    other = ParticipationFactory(investor=investor).round
    assert _ids(round_list(filters={"investor": "hillhouse"}).rows) == [round_.pk]
    assert _ids(round_list(filters={"investor": "tencent"}).rows) == [other.pk]


def test_invalid_filter_values_are_ignored():
    RoundFactory.create_batch(2)
    page = round_list(filters={"stage": "nonsense", "amount_min": "lots"})
    assert len(page.rows) == 2


def test_sorts_put_rows_without_a_value_last():
    old = RoundFactory(announced_on=dt.date(2024, 1, 1), amount_usd=Decimal("1e6"))
    new = RoundFactory(announced_on=dt.date(2026, 1, 1), amount_usd=Decimal("9e6"))
    undated = RoundFactory(announced_on=None, amount=None, currency="", amount_usd=None)
    assert _ids(round_list(sort="newest").rows) == [new.pk, old.pk, undated.pk]
    assert _ids(round_list(sort="oldest").rows) == [old.pk, new.pk, undated.pk]
    assert _ids(round_list(sort="largest").rows) == [new.pk, old.pk, undated.pk]
    assert _ids(round_list(sort="smallest").rows) == [old.pk, new.pk, undated.pk]


def test_unknown_sort_falls_back_to_newest():
    old = RoundFactory(announced_on=dt.date(2024, 1, 1))
    new = RoundFactory(announced_on=dt.date(2026, 1, 1))
    page = round_list(sort="'; drop table")
    assert page.sort == "newest"
    assert _ids(page.rows) == [new.pk, old.pk]


@pytest.mark.parametrize("sort", ["newest", "oldest", "largest", "smallest"])
def test_keyset_cursor_walks_every_row_once_in_order(sort):
    # Ties on the sort value and rows without one, across page boundaries.
    day = dt.date(2026, 3, 1)
    for i in range(7):
        RoundFactory(announced_on=day - dt.timedelta(days=i // 3), amount_usd=Decimal(i // 2))
    for _ in range(4):
        RoundFactory(announced_on=None, amount=None, currency="", amount_usd=None)
    expected = _ids(round_list(sort=sort, limit=100).rows)
    assert len(expected) == 11
    assert _walk(sort, limit=3) == expected
    assert _walk(sort, limit=2) == expected


def test_keyset_first_page_has_a_cursor_and_last_page_none():
    RoundFactory.create_batch(3)
    first = round_list(limit=2)
    assert first.is_first and first.next_cursor
    second = round_list(limit=2, after=first.next_cursor)
    assert not second.is_first
    assert len(second.rows) == 1 and second.next_cursor is None


def test_malformed_cursor_means_first_page():
    assert decode_cursor("garbage", column="announced_on") is None
    assert decode_cursor("2026-13-01~5", column="announced_on") is None
    assert decode_cursor("NaN~5", column="amount_usd") is None
    assert decode_cursor("~5", column="announced_on") == (None, 5)
    assert decode_cursor("2026-01-02~5", column="announced_on") == (dt.date(2026, 1, 2), 5)


def test_count_is_exact_when_one_page_holds_every_match_and_unknown_otherwise():
    RoundFactory.create_batch(5)
    assert round_list(limit=5).count == 5
    first = round_list(limit=2)
    assert first.count is None and first.next_cursor
    last = round_list(limit=4, after=round_list(limit=4).next_cursor)
    assert len(last.rows) == 1 and last.count is None  # not the first page: a part only
    assert round_list(filters={"stage": "seed"}).count == 0


def test_rounds_latest_newest_first_with_limit():
    rounds = [RoundFactory(announced_on=dt.date(2026, 1, d)) for d in range(1, 5)]
    assert _ids(rounds_latest(limit=3)) == [r.pk for r in reversed(rounds)][:3]


def test_raised_totals_count_completed_and_pending_in_month_and_quarter():
    RoundFactory(announced_on=dt.date(2026, 5, 2), amount_usd=Decimal("10e6"))
    RoundFactory(announced_on=dt.date(2026, 5, 20), status="pending", amount_usd=Decimal("5e6"))
    RoundFactory(announced_on=dt.date(2026, 4, 1), amount_usd=Decimal("100e6"))
    RoundFactory(announced_on=dt.date(2026, 5, 3), status="cancelled", amount_usd=Decimal("1e9"))
    RoundFactory(announced_on=dt.date(2026, 3, 31), amount_usd=Decimal("1e9"))  # last quarter
    RoundFactory(announced_on=dt.date(2026, 5, 21), amount_usd=Decimal("1e9"))  # tomorrow
    RoundFactory(announced_on=dt.date(2026, 5, 4), amount=None, currency="", amount_usd=None)
    totals = raised_totals(today=TODAY)
    assert totals.month_start == dt.date(2026, 5, 1)
    assert totals.quarter_start == dt.date(2026, 4, 1)
    assert totals.month_usd == Decimal("15e6")
    assert totals.quarter_usd == Decimal("115e6")
    assert (totals.month_rounds, totals.quarter_rounds) == (3, 4)


def test_raised_totals_of_an_empty_period_are_zero():
    assert raised_totals(today=TODAY).month_usd == Decimal(0)
