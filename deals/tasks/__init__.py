"""Celery tasks: thin wrappers that take ids, call one stage or service, own retries.

Celery's autodiscovery imports this package, so it imports every task module.
Each task carries an explicit name from deals.enqueue: the beat schedule rows
and queued messages name tasks by it, so moving a task never strands them.
"""

from deals.tasks.alerts import send_delivery_task, send_digest_task, sweep_due_alerts_task
from deals.tasks.ingest import (
    ingest_article_task,
    poll_due_feeds_task,
    poll_feed_task,
    requeue_stale_articles_task,
)

__all__ = [
    "ingest_article_task",
    "poll_due_feeds_task",
    "poll_feed_task",
    "requeue_stale_articles_task",
    "send_delivery_task",
    "send_digest_task",
    "sweep_due_alerts_task",
]
