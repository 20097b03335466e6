"""A worker SIGKILLed in the middle of ingesting a feed of 200 articles loses nothing.

The tasks it held were acknowledged late, so Redis still has them (redelivered once
the short visibility timeout passes), and the stale-article sweep queues again any
article the queue lost; every task is idempotent, so whatever runs twice adds nothing.
"""

from __future__ import annotations

import time

import pytest
from django.db.models import Count

from deals.models import Article, FeedItem, Proposal
from deals.services.ingest import feed_create
from deals.tasks import requeue_stale_articles_task
from tests.factories import UserFactory

from .conftest import news_site, wait_for

ARTICLES = 200
WORKER_ENV = {
    # Short enough for the test: unacknowledged tasks come back after 10 s, and the
    # sweep takes articles untouched for 8 s (it must outlast the 5 s hard limit).
    "CELERY_VISIBILITY_TIMEOUT": "10",
    "CELERY_TASK_TIME_LIMIT": "5",
    "CELERY_TASK_SOFT_TIME_LIMIT": "4",
    "INGEST_STALE_AFTER_SECONDS": "8",
}


def _extracted(feed) -> int:
    return Article.objects.filter(feed=feed, status="extracted").count()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_article_is_stored_once_after_the_worker_is_killed(real_broker, start_worker):
    with news_site(articles=ARTICLES) as site:
        first = start_worker(**WORKER_ENV)
        feed = feed_create(
            url=f"{site.base}/feed.xml", poll_interval_minutes=60, user=UserFactory()
        )

        assert wait_for(lambda: _extracted(feed) >= 30, timeout=60, interval=0.05), first.output()
        first.kill()
        at_kill = _extracted(feed)
        assert first.process.returncode == -9
        assert at_kill < ARTICLES, "the worker finished before it could be killed"

        start_worker(**WORKER_ENV)
        deadline = time.monotonic() + 120
        # Beat's part, every few seconds: the sweep queues what the dead worker lost.
        while _extracted(feed) < ARTICLES and time.monotonic() < deadline:
            requeue_stale_articles_task.delay()
            wait_for(lambda: _extracted(feed) >= ARTICLES, timeout=3)

        articles = Article.objects.filter(feed=feed)
        statuses = dict(articles.values_list("status").annotate(n=Count("id")))
        assert statuses == {"extracted": ARTICLES}, (at_kill, statuses)
        # Exactly once: one row per URL, every URL of the feed, one feed item each.
        assert sorted(articles.values_list("url", flat=True)) == sorted(
            site.url(n) for n in range(ARTICLES)
        )
        assert FeedItem.objects.filter(feed=feed).count() == ARTICLES
        assert all(site.hits[f"/a/{n}.html"] >= 1 for n in range(ARTICLES))
        # No duplicate proposal: one round per article, every fingerprint once per article.
        rounds = Proposal.objects.filter(article__feed=feed, kind="round")
        assert rounds.count() == ARTICLES
        assert set(rounds.values_list("article", flat=True)) == set(
            articles.values_list("id", flat=True)
        )
        per_article = articles.annotate(n=Count("proposals")).values_list("n", flat=True)
        assert len(set(per_article)) == 1, "the same page gave different proposals on a re-run"
        repeated = (
            Proposal.objects.values("article", "fingerprint")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert not repeated.exists()
