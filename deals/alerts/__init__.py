"""Alerts owed to watchers: found by a sweep, recorded once, claimed, sent, marked sent.

PostgreSQL holds the truth; Celery messages only nudge. The life of an alert:

1. `queue_due_alerts` (the beat sweep) inserts one AlertDelivery row per
   (watcher, milestone, date range) whose due moment has passed: the day after
   the range ends, at ALERT_HOUR in the site's time zone. `new_round_alerts`
   and `rescheduled_alerts` insert rows when those events happen. The unique
   constraints plus ON CONFLICT DO NOTHING make concurrent sweeps harmless.
2. A sender claims a row with a conditional UPDATE that sets a lease
   (`claimed_until`); only the sender whose UPDATE matched may send it.
3. It sends the email (Message-ID derived from the row id), then marks the
   row sent (`sent_at`) on condition that it still holds the same lease.
4. On failure it releases the row with attempts + 1 and a backoff (the lease
   is pushed into the future, so nobody claims it before the backoff ends).
   A sender that dies keeps the lease until it runs out; then the row is
   claimable again and the next sweep sends it.

Digest users' rows wait; once a day after ALERT_HOUR one email carries all
their pending rows.

The package, by sub-domain: timing (due moments, lease, backoff), sql (shared
fragments), queue (step 1), kinds (one module per kind of alert: its email,
digest line, feed entry, link, obsolete check, and how it is queued), delivery
(steps 2 to 4 and digests), sweep (the beat's entry point). Callers import from
`deals.alerts`. Nothing here imports deals.tasks: the services that queue rows
ask for a send after commit (deals.enqueue), and the sweep sends the rest.
"""

from __future__ import annotations

from deals.alerts.delivery import (
    SendResult,
    claim_delivery,
    claim_next,
    claimable_ids,
    digest_email,
    digest_moment,
    digest_users_due,
    email_for_delivery,
    send_delivery,
    send_digest,
    send_pending,
)
from deals.alerts.kinds import AlertKind, UnknownAlertKind, kind_for
from deals.alerts.kinds.new_round import new_round_alerts
from deals.alerts.kinds.rescheduled import rescheduled_alerts
from deals.alerts.kinds.saved_search import saved_search_alerts
from deals.alerts.queue import queue_due_alerts, queue_due_sql
from deals.alerts.sql import Kind
from deals.alerts.sweep import Sweep, sweep
from deals.alerts.timing import (
    backoff,
    due_cutoff,
    due_moment,
    lease,
    lookback,
    occasion_for,
    sweep_batch,
)

__all__ = [
    "AlertKind",
    "Kind",
    "SendResult",
    "Sweep",
    "backoff",
    "claim_delivery",
    "claim_next",
    "claimable_ids",
    "digest_email",
    "digest_moment",
    "digest_users_due",
    "due_cutoff",
    "due_moment",
    "email_for_delivery",
    "kind_for",
    "lease",
    "lookback",
    "new_round_alerts",
    "occasion_for",
    "queue_due_alerts",
    "queue_due_sql",
    "rescheduled_alerts",
    "send_delivery",
    "saved_search_alerts",
    "send_digest",
    "send_pending",
    "sweep",
    "sweep_batch",
    "UnknownAlertKind",
]
