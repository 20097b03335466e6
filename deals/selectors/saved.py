"""Reads of saved searches: a user's own, one of them, and the dashboard's counts."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import QueryDict

from deals.filters import RoundFilter
from deals.models import Round, SavedSearch
from deals.page_cache import CACHE_ERRORS, facts_version

logger = logging.getLogger(__name__)

# The dashboard shows this many searches (most recently visited first); the rest
# are on /searches/. With the cap, a cold dashboard costs at most this many counts.
DASHBOARD_SEARCHES = 5
# Counted up to here, shown as "100+": a count is news, not an inventory.
NEW_CAP = 100


@dataclass(frozen=True)
class SearchCount:
    search: SavedSearch
    new: int | None  # None: the saved query no longer validates
    capped: bool


def saved_searches_for(*, user: Any) -> list[SavedSearch]:
    return list(SavedSearch.objects.filter(user=user).order_by("name", "id"))


def saved_search_get(*, user: Any, pk: int) -> SavedSearch | None:
    """The user's own search; another user's is None (the view answers 404)."""
    return SavedSearch.objects.filter(user=user, pk=pk).first()


def query_errors(query: str) -> list[str]:
    """Why a stored query no longer validates (a choice removed since), else []."""
    filterset = RoundFilter(data=QueryDict(query))
    if filterset.is_valid():
        return []
    return [f"{name}: {' '.join(errs)}" for name, errs in filterset.form.errors.items()]


def _count_new(search: SavedSearch) -> int | None:
    filterset = RoundFilter(data=QueryDict(search.query))
    if not filterset.is_valid():
        return None
    recent = Round.objects.filter(created_at__gt=search.last_visited_at)
    # Keyed by created_at (round_created_idx), capped: never a full count.
    return filterset.filter_queryset(recent).values("pk")[: NEW_CAP + 1].count()


def _key(version: str, search: SavedSearch) -> str:
    query = hashlib.sha256(search.query.encode()).hexdigest()[:16]
    seen = search.last_visited_at.timestamp()
    return f"saved-count:{version}:{search.pk}:{seen}:{query}"


def dashboard_saved_searches(*, user: Any) -> tuple[list[SearchCount], int]:
    """The user's most recently visited searches (at most DASHBOARD_SEARCHES) with
    their new-round counts, and how many searches the user has in all.

    Counts are cached against the facts version: a new round (any write to a fact)
    replaces the version, a visit changes the key's last_visited_at, so a cached count
    is never stale. A warm dashboard reads them with one get_many whatever their number.
    """
    searches = list(SavedSearch.objects.filter(user=user).order_by("-last_visited_at", "-id"))
    shown = searches[:DASHBOARD_SEARCHES]
    cache = caches[settings.PAGE_CACHE_ALIAS]
    version = facts_version() if settings.PAGE_CACHE_ENABLED else None
    keys = {s.pk: _key(version, s) for s in shown} if version else {}
    try:
        cached = cache.get_many(list(keys.values())) if keys else {}
    except CACHE_ERRORS:
        logger.warning("cache unavailable; counting saved searches", exc_info=True)
        cached, keys = {}, {}
    counts, missed = [], {}
    for s in shown:
        key = keys.get(s.pk)
        # The cache stores -1 for an invalid query (None is "not cached").
        raw = cached.get(key) if key else None
        if raw is None:
            new = _count_new(s)
            raw = -1 if new is None else new
            if key:
                missed[key] = raw
        new = None if raw == -1 else raw
        capped = new is not None and new > NEW_CAP
        counts.append(SearchCount(search=s, new=min(new, NEW_CAP) if new else new, capped=capped))
    if missed:
        try:
            cache.set_many(missed, timeout=settings.PAGE_CACHE_TIMEOUT)
        except CACHE_ERRORS:
            logger.warning("cache unavailable; saved search counts not stored")
    return counts, len(searches)
