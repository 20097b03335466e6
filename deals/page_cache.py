"""Rendered fragments of the reading pages, cached until any fact changes.

What a page shows is a function of the facts (companies, rounds, milestones and
their sources), the day, the URL and, for lists with watch buttons, the user's
watches. Each fragment is stored under a key holding those, plus a *facts
version*: a random token that every write to a fact replaces (deals.signals).
A write makes every fragment unreachable at once, so nothing stale can be served
while the cache works. The token is replaced twice: at the write, so that the
writing request (and a test inside one transaction) sees its change at once, and
again after COMMIT, so that a fragment rendered from the old rows in between is
never read.

Editors never read from this cache: they correct facts and must see exactly what
the database holds, even if a token replacement was lost while Redis was away
(the fragments' timeout bounds that for analysts). A cache that fails or is
unreachable costs a render, never a page.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

from deals.permissions import is_editor

logger = logging.getLogger(__name__)

FACTS_KEY = "facts-version"
# What the Redis client raises when the server is down, slow or gone mid-reply.
CACHE_ERRORS = (RedisError, OSError)


def _cache() -> Any:
    return caches[settings.PAGE_CACHE_ALIAS]


def _user_key(user_id: int) -> str:
    return f"watch-version:{user_id}"


def _read_tokens(keys: list[str]) -> dict[str, str]:
    """The current token of each key; a missing one is created (first use, or evicted)."""
    cache = _cache()
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    return found


def _replace_token(key: str) -> None:
    try:
        _cache().set(key, secrets.token_hex(8), timeout=None)
    except CACHE_ERRORS:
        logger.warning("page cache: could not replace %s; fragments expire by timeout", key)


def _replace_now_and_after_commit(key: str) -> None:
    _replace_token(key)
    transaction.on_commit(lambda: _replace_token(key))


def facts_changed() -> None:
    """Call on every write to a fact shown on a reading page (deals.signals does)."""
    _replace_now_and_after_commit(FACTS_KEY)


def watches_changed(*, user_id: int) -> None:
    """Call when a user's watches change: their lists' watch buttons change with them."""
    _replace_now_and_after_commit(_user_key(user_id))


def fragment(
    request: HttpRequest,
    name: str,
    render: Callable[[dict[str, Any]], str],
    *,
    per_user: bool = False,
) -> SafeString:
    """The fragment `name` for this request: from the cache, or rendered by `render`.

    `render` gets extra context to pass to its template: a `csrf_token` placeholder,
    replaced by the requester's token on the way out, so a fragment with forms can
    be shared between requests of one user without carrying a stale token.
    `per_user` fragments (watch buttons, "watched only") are kept per user and are
    dropped when that user's watches change.
    """
    if not settings.PAGE_CACHE_ENABLED or is_editor(request.user):
        return mark_safe(render({}))
    try:
        key = _fragment_key(request, name, per_user=per_user)
        hit = _cache().get(key)
    except CACHE_ERRORS:
        logger.warning("page cache unavailable; rendering %s", name, exc_info=True)
        return mark_safe(render({}))
    if hit is None:
        placeholder = f"csrf-{secrets.token_hex(16)}"
        hit = (placeholder, render({"csrf_token": placeholder}))
        try:
            _cache().set(key, hit, timeout=settings.PAGE_CACHE_TIMEOUT)
        except CACHE_ERRORS:
            logger.warning("page cache: could not store %s", name)
    placeholder, html = hit
    # The placeholder is random per stored fragment: text in a fact cannot guess it.
    return mark_safe(html.replace(placeholder, get_token(request)))


def _fragment_key(request: HttpRequest, name: str, *, per_user: bool) -> str:
    user_key = _user_key(int(request.user.pk or 0))
    keys = [FACTS_KEY, user_key] if per_user else [FACTS_KEY]
    tokens = _read_tokens(keys)
    # The full path names the subject, the filters, the cursor and the watch buttons'
    # return address; a page and its HTMX swap share the fragment.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    parts = [name, tokens[FACTS_KEY], timezone.localdate().isoformat(), path]
    if per_user:
        parts += [str(request.user.pk), tokens[user_key]]
    return "fragment:" + ":".join(parts)


def facts_version() -> str | None:
    """The current facts version, for other caches keyed on it; None while the cache is away."""
    try:
        return _read_tokens([FACTS_KEY])[FACTS_KEY]
    except CACHE_ERRORS:
        logger.warning("page cache unavailable; no facts version", exc_info=True)
        return None
