"""The saved search pages: own searches only, bad input answered with a message."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deals.models import SavedSearch
from tests.factories import UserFactory


def _search(user, **kw) -> SavedSearch:
    return SavedSearch.objects.create(
        user=user,
        name=kw.pop("name", "China"),
        query=kw.pop("query", "country=CN"),
        last_visited_at=timezone.now() - timezone.timedelta(days=1),
        **kw,
    )


@pytest.mark.django_db
def test_save_from_the_rounds_list_and_see_it_listed(analyst_client: Client, analyst) -> None:
    response = analyst_client.post(
        reverse("deals:saved_search_create"),
        {"name": "China seed", "query": "country=CN&stage=seed&after=x", "email": "digest"},
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get(user=analyst)
    assert (search.query, search.email) == ("country=CN&stage=seed", "digest")
    page = analyst_client.get(reverse("deals:saved_search_list")).content.decode()
    assert "China seed" in page
    assert "/rounds/feed.atom?stage=seed&amp;country=CN" in page


@pytest.mark.django_db
def test_an_unknown_filter_value_is_a_clear_message_not_a_500(analyst_client: Client) -> None:
    response = analyst_client.post(
        reverse("deals:saved_search_create"), {"name": "Bad", "query": "stage=series_zz"}
    )
    assert response.status_code == 400
    assert "Unknown filter value. Stage “series_zz”" in response.content.decode()
    assert not SavedSearch.objects.exists()


@pytest.mark.django_db
def test_a_stored_query_that_no_longer_validates_is_explained(analyst_client, analyst) -> None:
    _search(analyst, query="stage=retired_stage")
    page = analyst_client.get(reverse("deals:saved_search_list")).content.decode()
    assert "no longer accepts" in page
    dashboard = analyst_client.get(reverse("deals:dashboard")).content.decode()
    assert "filters no longer valid" in dashboard


@pytest.mark.django_db
def test_opening_resets_the_new_count_and_goes_to_the_list(analyst_client, analyst) -> None:
    search = _search(analyst)
    before = search.last_visited_at
    response = analyst_client.get(reverse("deals:saved_search_open", args=[search.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/rounds/?country=CN"
    search.refresh_from_db()
    assert search.last_visited_at > before


@pytest.mark.django_db
def test_rename_and_choose_email(analyst_client, analyst) -> None:
    search = _search(analyst)
    p = f"s{search.pk}"
    analyst_client.post(
        reverse("deals:saved_search_edit", args=[search.pk]),
        {f"{p}-name": "Chinese rounds", f"{p}-email": "immediate"},
    )
    search.refresh_from_db()
    assert (search.name, search.email) == ("Chinese rounds", "immediate")


@pytest.mark.django_db
def test_a_bad_email_choice_is_a_message(analyst_client, analyst) -> None:
    search = _search(analyst)
    p = f"s{search.pk}"
    response = analyst_client.post(
        reverse("deals:saved_search_edit", args=[search.pk]),
        {f"{p}-name": "x", f"{p}-email": "hourly"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    search.refresh_from_db()
    assert search.email == "off"


@pytest.mark.django_db
def test_delete(analyst_client, analyst) -> None:
    search = _search(analyst)
    analyst_client.post(reverse("deals:saved_search_delete", args=[search.pk]))
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("saved_search_open", "get"),
        ("saved_search_edit", "post"),
        ("saved_search_delete", "post"),
    ],
)
def test_another_users_search_is_404_and_untouched(analyst_client, name, method) -> None:
    theirs = _search(UserFactory(), name="Theirs")
    seen = theirs.last_visited_at
    url = reverse(f"deals:{name}", args=[theirs.pk])
    data = {f"s{theirs.pk}-name": "Mine now", f"s{theirs.pk}-email": "immediate"}
    response = getattr(analyst_client, method)(url, data if method == "post" else None)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.email, theirs.last_visited_at) == ("Theirs", "off", seen)


@pytest.mark.django_db
def test_the_list_shows_only_the_users_own(analyst_client, analyst) -> None:
    _search(analyst, name="Mine")
    _search(UserFactory(), name="Someone else's")
    page = analyst_client.get(reverse("deals:saved_search_list")).content.decode()
    assert "Mine" in page and "Someone else" not in page


@pytest.mark.django_db
def test_the_rounds_list_offers_to_save_its_filters(analyst_client) -> None:
    page = analyst_client.get("/rounds/?country=CN&stage=seed").content.decode()
    assert 'name="query" value="country=CN&amp;stage=seed"' in page
