"""The reading pages' `{% cache %}` fragments: their keys, their invalidation, their backend.

What a page shows is a function of the facts (companies, rounds, milestones and
their sources), the day, the URL and, for lists with watch buttons, the user's
watches. Templates cache a fragment under those (`{% cache page_cache.timeout
"rounds" page_cache.facts page_cache.day request.get_full_path using=page_cache.alias %}`),
where `page_cache.facts` is a *facts version*: a random token that every write to
a fact replaces, one by one (deals.signals) or in bulk (deals.models.facts). A write
makes every fragment unreachable at once, so nothing stale is served while the
cache works. The token is replaced twice: at the write, so that the writing request
(and a test inside one transaction) sees its change at once, and again after COMMIT,
so that a fragment rendered from the old rows in between is never read.

Forms and CSRF tokens stay outside cached fragments. Editors never read from this
cache (their alias is a dummy cache): they correct facts and must see exactly what
the database holds, even if a token replacement was lost while Redis was away (the
fragments' timeout bounds that for analysts). A cache that fails or is unreachable
costs a render, never a page (TolerantRedisCache).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from redis.exceptions import RedisError

from deals.permissions import is_editor

logger = logging.getLogger(__name__)

FACTS_KEY = "facts-version"
UNCACHED_ALIAS = "uncached"
# What the Redis client raises when the server is down, slow or gone mid-reply.
CACHE_ERRORS = (RedisError, OSError)
T = TypeVar("T")


def _cache() -> Any:
    return caches[settings.PAGE_CACHE_ALIAS]


def _watches_key(user_id: int) -> str:
    return f"watch-version:{user_id}"


def _replace_token(key: str) -> None:
    _cache().set(key, secrets.token_hex(8), timeout=None)


def _replace_now_and_after_commit(key: str) -> None:
    _replace_token(key)
    transaction.on_commit(lambda: _replace_token(key))


def facts_changed() -> None:
    """Call on every write to a fact shown on a reading page; deals.signals does for
    saves and deletes, deals.models.facts for bulk writes."""
    _replace_now_and_after_commit(FACTS_KEY)


def watches_changed(*, user_id: int) -> None:
    """Call when a user's watches change: their lists' watch buttons change with them."""
    _replace_now_and_after_commit(_watches_key(user_id))


def facts_version() -> str:
    """The current facts version ("" while the cache cannot be reached)."""
    return _token(FACTS_KEY)


def _token(key: str) -> str:
    """The current token of `key`; a missing one is created (first use, or evicted)."""
    cache = _cache()
    found = cache.get(key)
    if found is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        found = cache.get(key)
    # Redis away: no token, and with the alias below no fragment read or stored.
    return found or ""


def kept(name: str, compute: Callable[[], T]) -> T:
    """An aggregate (a chart's series, a co-investor table) kept under the facts version
    and the day for every reader, editors too: at a million rounds some take a good part
    of a second, and a sum over thousands of rows is not a fact an editor corrects."""
    version = facts_version() if settings.PAGE_CACHE_ENABLED else ""
    if not version:
        return compute()
    # Hashed: a name carries a sector's or a scope's free text (spaces, quotes).
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    key = f"kept:{version}:{timezone.localdate().isoformat()}:{digest}"
    found = _cache().get(key)
    if found is None:
        found = compute()
        _cache().set(key, found, settings.PAGE_CACHE_TIMEOUT)
    return cast(T, found)


class PageCache:
    """What `{% cache %}` tags need, as the `page_cache` template variable; each part is
    read on first use, so a page without a cached fragment costs no cache round trip."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @cached_property
    def alias(self) -> str:
        if not settings.PAGE_CACHE_ENABLED or is_editor(getattr(self._request, "user", None)):
            return UNCACHED_ALIAS
        return settings.PAGE_CACHE_ALIAS if self.facts else UNCACHED_ALIAS

    @property
    def timeout(self) -> int:
        return settings.PAGE_CACHE_TIMEOUT

    @cached_property
    def facts(self) -> str:
        return facts_version()

    @cached_property
    def watches(self) -> str:
        """The user's watch version: a key part of fragments with watch buttons."""
        user_id = int(getattr(self._request.user, "pk", None) or 0)
        return f"{user_id}:{_token(_watches_key(user_id))}"

    @cached_property
    def day(self) -> str:
        # "Overdue", "in 3 days" and the dashboard's month change at midnight.
        return timezone.localdate().isoformat()


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, but a Redis that is down or slow is a miss and a skipped
    write (logged), not an exception: the page renders from the database instead."""

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except CACHE_ERRORS:
            logger.warning("page cache unavailable; %s read as a miss", key)
            return default

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except CACHE_ERRORS:
            logger.warning("page cache unavailable; %s not stored", key)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except CACHE_ERRORS:
            logger.warning("page cache unavailable; %s not added", key)
            return False
