"""The dashboard's saved searches card: new rounds since the last visit, cheaply."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deals.models import SavedSearch
from deals.selectors import saved as selectors
from tests.factories import CompanyFactory, RoundFactory


def _search(user, name: str, query: str, days_ago: int = 1) -> SavedSearch:
    return SavedSearch.objects.create(
        user=user,
        name=name,
        query=query,
        last_visited_at=timezone.now() - timezone.timedelta(days=days_ago),
    )


@pytest.mark.django_db
def test_counts_new_matching_rounds_since_the_last_visit(analyst_client: Client, analyst) -> None:
    _search(analyst, "China", "country=CN")
    cn = CompanyFactory(country="CN")
    RoundFactory.create_batch(2, company=cn)
    RoundFactory(company=CompanyFactory(country="US"))
    page = analyst_client.get(reverse("deals:dashboard")).content.decode()
    assert "2 new" in page
    search = SavedSearch.objects.get()
    analyst_client.get(reverse("deals:saved_search_open", args=[search.pk]))
    page = analyst_client.get(reverse("deals:dashboard")).content.decode()
    assert "nothing new" in page


@pytest.mark.django_db
def test_counts_are_capped(analyst, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "NEW_CAP", 2)
    _search(analyst, "All", "")
    RoundFactory.create_batch(4)
    (row,), _ = selectors.dashboard_saved_searches(user=analyst)
    assert (row.new, row.capped) == (2, True)


@pytest.mark.django_db
def test_only_the_most_recently_visited_are_shown(analyst, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "DASHBOARD_SEARCHES", 2)
    for i in range(4):
        _search(analyst, f"s{i}", "", days_ago=i)
    shown, total = selectors.dashboard_saved_searches(user=analyst)
    assert [r.search.name for r in shown] == ["s0", "s1"] and total == 4


@pytest.mark.django_db
def test_a_new_round_changes_a_cached_count(analyst) -> None:
    _search(analyst, "All", "")
    RoundFactory()
    assert selectors.dashboard_saved_searches(user=analyst)[0][0].new == 1
    RoundFactory()  # a write to a fact replaces the facts version
    assert selectors.dashboard_saved_searches(user=analyst)[0][0].new == 2


def _dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("deals:dashboard")).status_code == 200
    return len(ctx)


def _card_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("deals:dashboard"))
    # The searches, and one capped count each (keyed by the rounds' created_at).
    return sum(
        "deals_savedsearch" in q["sql"] or '"deals_round"."created_at" >' in q["sql"]
        for q in ctx.captured_queries
    )


@pytest.mark.django_db
def test_a_warm_dashboard_costs_the_same_queries_for_one_search_or_five(
    analyst_client: Client, analyst
) -> None:
    RoundFactory.create_batch(3, company=CompanyFactory(country="CN"))
    _search(analyst, "first", "country=CN")
    analyst_client.get(reverse("deals:dashboard"))
    one = _dashboard_queries(analyst_client)
    assert _card_queries(analyst_client) == 1  # the list of searches; counts from the cache
    for i in range(4):
        _search(analyst, f"more {i}", f"stage=seed&country=C{i}")
    analyst_client.get(reverse("deals:dashboard"))
    assert _card_queries(analyst_client) == 1
    assert _dashboard_queries(analyst_client) == one


@pytest.mark.django_db
def test_a_cold_dashboard_counts_at_most_the_shown_searches(analyst_client, analyst) -> None:
    for i in range(selectors.DASHBOARD_SEARCHES + 3):
        _search(analyst, f"s{i}", f"country=C{i}")
    assert _card_queries(analyst_client) == 1 + selectors.DASHBOARD_SEARCHES
    assert _card_queries(analyst_client) == 1


@pytest.mark.django_db
def test_cold_dashboard_queries_do_not_grow_with_the_rounds(
    analyst_client: Client, analyst, settings
) -> None:
    """In tests/test_query_counts.py's terms (page cache off): the card's queries are the
    same at 1x and 10x the rounds, with the shown searches counted every time (the
    rest of the dashboard is tests/test_query_counts.py's)."""
    settings.PAGE_CACHE_ENABLED = False
    for i, query in enumerate(["country=CN", "stage=seed", "", "amount_min=1", "sector=AI"]):
        _search(analyst, f"s{i}", query)
    cn = CompanyFactory(country="CN", sector="AI")
    RoundFactory.create_batch(3, company=cn, stage="seed")
    analyst_client.get(reverse("deals:dashboard"))
    small = _card_queries(analyst_client)
    RoundFactory.create_batch(30, company=cn, stage="seed")
    assert _card_queries(analyst_client) == small == 1 + 5
