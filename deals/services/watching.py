"""Watching, alert preferences, the private feed token and unsubscribing."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from deals.models import AlertDelivery, AlertPreference, Company, Investor, Milestone, Watch
from deals.models.watching import new_token

WATCH_KINDS: dict[str, type] = {"company": Company, "investor": Investor, "milestone": Milestone}


def watch_kind(target: Any) -> str:
    for kind, model in WATCH_KINDS.items():
        if isinstance(target, model):
            return kind
    raise TypeError(f"Cannot watch a {type(target).__name__}.")


def watch_toggle(*, user: Any, target: Company | Investor | Milestone) -> bool:
    """Watch the target, or stop watching it; return whether the user now watches it."""
    kind = watch_kind(target)
    deleted, _ = Watch.objects.filter(user=user, **{kind: target}).delete()
    if deleted:
        return False
    try:
        # A double click arriving twice is one watch: the unique constraint decides.
        with transaction.atomic():
            Watch.objects.create(user=user, **{kind: target})
    except IntegrityError:
        pass
    return True


def alert_preference_get(*, user: Any) -> AlertPreference:
    pref, _ = AlertPreference.objects.get_or_create(user=user)
    return pref


def alert_preference_set_mode(*, user: Any, mode: str) -> AlertPreference:
    if mode not in AlertPreference.Mode.values:
        raise ValueError(f"Unknown alert mode {mode!r}.")
    pref = alert_preference_get(user=user)
    pref.mode = mode
    pref.save(update_fields=["mode"])
    return pref


def feed_token_regenerate(*, user: Any) -> AlertPreference:
    """A new secret for the calendar and Atom feed URLs; the old URLs stop working."""
    pref = alert_preference_get(user=user)
    pref.calendar_token = new_token()
    pref.save(update_fields=["calendar_token"])
    return pref


def feed_token_revoke(*, user: Any) -> AlertPreference:
    """Turn the private feed URLs off until the user asks for new ones."""
    pref = alert_preference_get(user=user)
    pref.calendar_token = None
    pref.save(update_fields=["calendar_token"])
    return pref


@transaction.atomic
def alerts_unsubscribe(*, user: Any) -> AlertPreference:
    """Stop all alert emails. Rows not yet sent are dropped, so nothing owed
    before the click goes out after it."""
    pref = alert_preference_get(user=user)
    if pref.unsubscribed_at is None:
        pref.unsubscribed_at = timezone.now()
        pref.save(update_fields=["unsubscribed_at"])
    AlertDelivery.objects.filter(user=user, sent_at=None).delete()
    return pref


def alerts_resubscribe(*, user: Any) -> AlertPreference:
    pref = alert_preference_get(user=user)
    pref.unsubscribed_at = None
    pref.save(update_fields=["unsubscribed_at"])
    return pref
