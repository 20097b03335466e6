"""Queueing Celery tasks once the transaction commits: the one place that does it.

The rows in PostgreSQL are the record of what is left to do; a message only asks a
worker to do it now. So a broker outage must not turn a committed write into an
error page: the write stands, the rows wait for their sweep (alerts: the
once-a-minute alert sweep; articles: the stale-article sweep; feeds: beat's next
poll), and the outage is logged. Every after-commit enqueue goes through
`enqueue_on_commit`, so no caller can forget the guard, and one failed hook
cannot raise out of Django's commit and skip the hooks registered after it.

Callers name a task by its registered name (the constants below), never by
importing deals.tasks: domain code stays below the tasks that call it, so no
import cycle runs through a task. The tasks take these names (`name=`), and the
beat schedule and queued messages use them too, so they never change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

INGEST_ARTICLE = "deals.tasks.ingest_article_task"
POLL_FEED = "deals.tasks.poll_feed_task"
POLL_DUE_FEEDS = "deals.tasks.poll_due_feeds_task"
REQUEUE_STALE_ARTICLES = "deals.tasks.requeue_stale_articles_task"
# The alert tasks once lived in deals/tasks_alerts.py; their names stay.
SWEEP_DUE_ALERTS = "deals.tasks_alerts.sweep_due_alerts_task"
SEND_DELIVERY = "deals.tasks_alerts.send_delivery_task"
SEND_DIGEST = "deals.tasks_alerts.send_digest_task"


def enqueue_on_commit(task_name: str, ids: Iterable[int]) -> None:
    """After commit, send the named task once per id; with the broker down, log and go on.

    Outside a transaction (autocommit) the messages go at once, as on_commit does.
    An unregistered name raises KeyError at once, before anything is written.
    """
    ids = list(ids)
    if not ids:
        return
    # deals.apps imports deals.tasks at start-up, so every task is registered here;
    # looking it up (not send_task) keeps eager mode (the quickstart, tests) working.
    task = current_app.tasks[task_name]

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
                task_name,
                ids[sent:],
                exc_info=True,
            )

    transaction.on_commit(send_or_leave_for_the_sweep)
