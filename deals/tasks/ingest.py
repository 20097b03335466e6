"""Ingest tasks: thin wrappers that load by id, run one ingest stage and own retries.

Every task is idempotent (acks_late redelivers a task whose worker died): the
pipeline skips an article that is no longer pending, and feed items and
proposals are unique rows, so a second run changes nothing. The queue is not
the record of what is left to do: PostgreSQL is, and requeue_stale_articles_task
hands out again whatever the queue lost (a Redis restart, a killed worker).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from deals import enqueue
from deals.ingest import pipeline

MAX_RETRIES = 3
# A database outage is retried longer than a flaky page: 5 s doubling to 80 s by
# default covers a PostgreSQL restart; past that, the stale sweep takes over.
DB_MAX_RETRIES = 5
_DB_DOWN = (OperationalError, InterfaceError)


def _backoff(retries: int) -> int:
    # 30 s, 60 s, 120 s plus jitter: well inside the broker's visibility timeout.
    return 30 * 2**retries + random.randint(0, 15)


def _db_backoff(retries: int) -> float:
    base = settings.INGEST_DB_RETRY_SECONDS * 2**retries
    # Jitter, so the tasks that all failed together do not all come back together.
    return base + random.uniform(0, base / 2)


@contextmanager
def _retrying(task: Task) -> Iterator[None]:
    """Retry a page that failed for now with backoff, a database outage for longer."""
    try:
        yield
    except pipeline.TransientIngestError as exc:
        raise task.retry(exc=exc, countdown=_backoff(task.request.retries)) from exc
    except _DB_DOWN as exc:
        raise task.retry(
            exc=exc, countdown=_db_backoff(task.request.retries), max_retries=DB_MAX_RETRIES
        ) from exc


@shared_task(bind=True, name=enqueue.INGEST_ARTICLE, acks_late=True, max_retries=MAX_RETRIES)
def ingest_article_task(self: Task, article_id: int) -> int | None:
    with _retrying(self):
        final_attempt = self.request.retries >= self.max_retries
        result = pipeline.ingest_article(article_id, final_attempt=final_attempt)
    return result


@shared_task(bind=True, name=enqueue.POLL_FEED, acks_late=True, max_retries=MAX_RETRIES)
def poll_feed_task(self: Task, feed_id: int) -> list[int]:
    with _retrying(self):
        article_ids = pipeline.poll_feed(feed_id)
    for article_id in article_ids:
        ingest_article_task.delay(article_id)
    return article_ids


@shared_task(name=enqueue.POLL_DUE_FEEDS, acks_late=True)
def poll_due_feeds_task() -> list[int]:
    """Run by beat every minute: claim the feeds that are due and poll each once."""
    feed_ids = pipeline.feed_claim_due()
    for feed_id in feed_ids:
        poll_feed_task.delay(feed_id)
    return feed_ids


@shared_task(name=enqueue.REQUEUE_STALE_ARTICLES, acks_late=True)
def requeue_stale_articles_task() -> list[int]:
    """Run by beat every minute: queue again the articles whose task was lost."""
    article_ids = pipeline.requeue_stale_articles()
    for article_id in article_ids:
        ingest_article_task.delay(article_id)
    return article_ids
