"""Making and revoking a user's API keys."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from deals.models import ApiToken

KEY_PREFIX = "ft_"
# More live keys than anyone uses; a bound keeps a stolen session from minting many.
MAX_LIVE_TOKENS = 10


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new key for `user`: the token row and the key itself, which is never stored."""
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError({"name": ["Give the key a name, such as the script that uses it."]})
    live = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if live.count() >= MAX_LIVE_TOKENS:
        raise ValidationError(
            {"name": [f"You have {MAX_LIVE_TOKENS} live keys: revoke one before making another."]}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=key_hash(key), prefix=key[:10])
    token.full_clean()
    token.save()
    return token, key


def api_token_revoke(*, user: Any, pk: int) -> bool:
    """Revoke one of `user`'s own keys; False when it is not theirs or already revoked."""
    revoked = ApiToken.objects.filter(pk=pk, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(revoked)
