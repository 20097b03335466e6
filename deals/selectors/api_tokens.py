"""Reads of API keys: a user's live keys, and the user a presented key belongs to."""

from __future__ import annotations

from typing import Any

from deals.models import ApiToken
from deals.services.api_tokens import key_hash


def live_api_tokens(*, user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The live token `key` is, with its user; None for an unknown or revoked key."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
