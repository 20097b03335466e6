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
fragments), queue (step 1), claims (steps 2 and 4), send (step 3), digest,
sweep (the beat's entry point). Callers import from `deals.alerts`.
"""

from __future__ import annotations

from deals.alerts.claims import claim_delivery, claim_next, claimable_ids
from deals.alerts.digest import digest_moment, digest_users_due, send_digest
from deals.alerts.queue import new_round_alerts, queue_due_alerts, queue_due_sql, rescheduled_alerts
from deals.alerts.send import SendResult, send_delivery, send_pending
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
    "Kind",
    "SendResult",
    "Sweep",
    "backoff",
    "claim_delivery",
    "claim_next",
    "claimable_ids",
    "digest_moment",
    "digest_users_due",
    "due_cutoff",
    "due_moment",
    "lease",
    "lookback",
    "new_round_alerts",
    "occasion_for",
    "queue_due_alerts",
    "queue_due_sql",
    "rescheduled_alerts",
    "send_delivery",
    "send_digest",
    "send_pending",
    "sweep",
    "sweep_batch",
]
