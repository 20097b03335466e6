"""deals.services.saved: what gets stored, and what is refused with a clear message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from deals.models import AlertPreference, SavedSearch
from deals.services import saved as services
from tests.factories import UserFactory


def test_keeps_only_filter_fields_in_a_fixed_order() -> None:
    query = services.normalise_query("?stage=series_b&after=abc~12&country=CN&junk=1&q=")
    assert query == "country=CN&stage=series_b"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("stage=series_z", "Stage “series_z”"),
        ("announced_from=yesterday", "Announced from “yesterday”"),
        ("amount_min=-5", "Min USD (millions) “-5”"),
    ],
)
def test_refuses_an_unknown_filter_value_by_name(query: str, named: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.normalise_query(query)
    (message,) = caught.value.message_dict["query"]
    assert message.startswith("Unknown filter value.") and named in message


@pytest.mark.django_db
def test_create_stores_the_normalised_query() -> None:
    user = UserFactory()
    search = services.saved_search_create(user=user, name="  China B ", query="country=CN&page=3")
    assert (search.name, search.query, search.email) == ("China B", "country=CN", "off")


@pytest.mark.django_db
def test_a_digest_search_gets_its_user_a_preference_row() -> None:
    user = UserFactory()
    services.saved_search_create(user=user, name="x", query="", email="digest")
    assert AlertPreference.objects.get(user=user).mode == "immediate"


@pytest.mark.django_db
def test_a_second_search_of_the_same_name_is_refused() -> None:
    user = UserFactory()
    services.saved_search_create(user=user, name="AI", query="")
    with pytest.raises(ValidationError) as caught:
        services.saved_search_create(user=user, name="AI", query="stage=seed")
    assert "already have" in str(caught.value)
    # Another user may use the name.
    services.saved_search_create(user=UserFactory(), name="AI", query="")


@pytest.mark.django_db
def test_name_uniqueness_is_the_database_constraint() -> None:
    user = UserFactory()
    services.saved_search_create(user=user, name="AI", query="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedSearch.objects.create(user=user, name="AI", last_visited_at="2026-01-01T00:00Z")


@pytest.mark.django_db
def test_a_user_keeps_at_most_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_SAVED_SEARCHES", 2)
    user = UserFactory()
    for name in ("a", "b"):
        services.saved_search_create(user=user, name=name, query="")
    with pytest.raises(ValidationError, match="at most 2"):
        services.saved_search_create(user=user, name="c", query="")


@pytest.mark.django_db
def test_visit_moves_last_visited_forward() -> None:
    search = services.saved_search_create(user=UserFactory(), name="a", query="")
    before = search.last_visited_at
    services.saved_search_visit(search=search)
    search.refresh_from_db()
    assert search.last_visited_at > before
