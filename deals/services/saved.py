"""Writes of saved searches: create, rename and choose email, delete, mark visited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from deals.filters import RoundFilter
from deals.models import AlertPreference, SavedSearch

# A size cap: each emailing search costs one query per new round (deals.alerts).
MAX_SAVED_SEARCHES = 50
MAX_QUERY_LENGTH = SavedSearch._meta.get_field("query").max_length or 1000


def normalise_query(data: QueryDict | str) -> str:
    """The rounds list's filter fields of `data`, non-empty, in a fixed order, url-encoded.

    Raises ValidationError naming each filter whose value the rounds list refuses
    (an unknown stage, a date that is no date): saving it would save a list that
    silently ignores that filter.
    """
    if isinstance(data, str):
        data = QueryDict(data.lstrip("?"))
    kept = QueryDict(mutable=True)
    for name in sorted(RoundFilter.base_filters):
        values = [v.strip() for v in data.getlist(name) if v.strip()]
        if values:
            kept.setlist(name, values[:1])
    filterset = RoundFilter(data=kept)
    if not filterset.is_valid():
        problems = [
            f"{filterset.form.fields[name].label or name} “{kept.get(name, '')}”: {' '.join(errs)}"
            for name, errs in filterset.form.errors.items()
        ]
        raise ValidationError({"query": [f"Unknown filter value. {p}" for p in problems]})
    query = kept.urlencode()
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError({"query": "These filters are too long to save."})
    return query


def _needs_digest(*, user: Any, email: str) -> None:
    # The digest sender walks users with a preference row: a digest search needs one.
    if email == SavedSearch.Email.DIGEST:
        AlertPreference.objects.get_or_create(user=user)


def _save(search: SavedSearch) -> SavedSearch:
    search.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            search.save()
    except IntegrityError:
        raise ValidationError({"name": "You already have a saved search of that name."}) from None
    return search


@transaction.atomic
def saved_search_create(
    *, user: Any, name: str, query: QueryDict | str, email: str = SavedSearch.Email.OFF
) -> SavedSearch:
    """Save the rounds list's filters under `name`; raises ValidationError on bad input."""
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(f"You can keep at most {MAX_SAVED_SEARCHES} saved searches.")
    search = SavedSearch(
        user=user,
        name=name.strip(),
        query=normalise_query(query),
        email=email,
        last_visited_at=timezone.now(),
    )
    _save(search)
    _needs_digest(user=user, email=email)
    return search


@transaction.atomic
def saved_search_update(*, search: SavedSearch, name: str, email: str) -> SavedSearch:
    search.name = name.strip()
    search.email = email
    _save(search)
    _needs_digest(user=search.user, email=email)
    return search


@transaction.atomic
def saved_search_delete(*, search: SavedSearch) -> None:
    search.delete()


def saved_search_visit(*, search: SavedSearch) -> SavedSearch:
    """Its owner opened it: rounds created until now are no longer new."""
    search.last_visited_at = timezone.now()
    SavedSearch.objects.filter(pk=search.pk).update(last_visited_at=search.last_visited_at)
    return search
