"""SQL shared by the alert modules: table names, the vendor switch, reachable watchers,
claimable rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from deals.models import AlertDelivery, AlertPreference, Milestone, SavedSearch, Watch

Kind = AlertDelivery.Kind


def tables() -> dict[str, str]:
    return {
        "delivery": AlertDelivery._meta.db_table,
        "pref": AlertPreference._meta.db_table,
        "milestone": Milestone._meta.db_table,
        "watch": Watch._meta.db_table,
        "saved": SavedSearch._meta.db_table,
        "user": get_user_model()._meta.db_table,
    }


def is_pg() -> bool:
    return connection.vendor == "postgresql"


def db_time(value: dt.datetime) -> Any:
    """A datetime parameter as the ORM would store it. Raw SQL must not hand an aware
    datetime to SQLite as is: its driver writes it with the offset ("...+02:00"), the
    ORM writes naive UTC ("..."), and the two text forms neither compare nor match
    (a lease written by one was never found by the other)."""
    return connection.ops.adapt_datetimefield_value(value)


def range_text(alias: str) -> str:
    if is_pg():
        # to_char, not ::text, so the server's DateStyle cannot change the key.
        return (
            f"to_char({alias}.date_start, 'YYYY-MM-DD') || '..' || "
            f"to_char({alias}.date_end, 'YYYY-MM-DD')"
        )
    return f"{alias}.date_start || '..' || {alias}.date_end"


# Watchers who can be mailed: active, with an address, not unsubscribed.
REACHABLE = """
    JOIN {user} u ON u.id = p.user_id AND u.is_active AND u.email <> ''
    WHERE NOT EXISTS (
        SELECT 1 FROM {pref} ap WHERE ap.user_id = p.user_id AND ap.unsubscribed_at IS NOT NULL
    )
"""

# A row waits for its user's digest when it is a saved search's set to the digest, or
# any other row of a user whose alerts come as a digest (a search set to immediate
# is sent at once either way).
DIGEST_ROW = """(
    EXISTS (SELECT 1 FROM {saved} s WHERE s.id = d.saved_search_id AND s.email = 'digest')
    OR (d.saved_search_id IS NULL AND EXISTS (
        SELECT 1 FROM {pref} ap2 WHERE ap2.user_id = d.user_id AND ap2.mode = 'digest'))
)"""

# A row is claimable when unsent and its lease (or backoff) has run out.
CLAIMABLE = "d.sent_at IS NULL AND (d.claimed_until IS NULL OR d.claimed_until < %(now)s)"
