"""Queueing Celery tasks once the transaction commits: the one place that does it.

The rows in PostgreSQL are the record of what is left to do; a message only asks a
worker to do it now. So a broker outage must not turn a committed write into an
error page: the write stands, the rows wait for their sweep (alerts: the
once-a-minute alert sweep; articles: the stale-article sweep; feeds: beat's next
poll), and the outage is logged. Every after-commit enqueue goes through
`enqueue_on_commit`, so no caller can forget the guard, and one failed hook
cannot raise out of Django's commit and skip the hooks registered after it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, ids: Iterable[int]) -> None:
    """After commit, send `task.delay(id)` for each id; with the broker down, log and go on.

    Outside a transaction (autocommit) the messages go at once, as on_commit does.
    """
    ids = list(ids)
    if not ids:
        return

    def send_or_leave_for_the_sweep() -> None:
        sent = 0
        try:
            for pk in ids:
                task.delay(pk)
                sent += 1
        except BrokerError:
            # One refusal means the broker is down: the rest would fail the same way.
            logger.warning(
                "Broker unreachable; %s for %s left for the sweep",
                task.name,
                ids[sent:],
                exc_info=True,
            )

    transaction.on_commit(send_or_leave_for_the_sweep)
