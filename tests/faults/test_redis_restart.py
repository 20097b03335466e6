"""Redis killed and started again while ingest tasks are queued and running.

The test's own redis-server (no persistence, like the deployed one) forgets its
queue when killed. Nothing is lost all the same: each article stays pending in
PostgreSQL until it is done, and the stale-article sweep queues it again; pages
keep answering while Redis is away, and a submission then is saved for the sweep.
"""

from __future__ import annotations

import time
from contextlib import suppress

import pytest
from django.db.models import Count
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from deals.models import Article, Proposal
from deals.services.ingest import article_submit
from deals.tasks import requeue_stale_articles_task

from .conftest import app_broker, news_site, wait_for

QUEUED = 40
WHILE_DOWN = 3
WORKER_ENV = {
    "CELERY_TASK_TIME_LIMIT": "5",
    "CELERY_TASK_SOFT_TIME_LIMIT": "4",
    "INGEST_STALE_AFTER_SECONDS": "6",
}


def _extracted(ids: list[int]) -> int:
    return Article.objects.filter(pk__in=ids, status="extracted").count()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_article_is_lost_and_pages_serve_while_redis_restarts(
    own_redis, start_worker, editor, editor_client, real_broker
):
    # Slow pages keep tasks both queued and running when Redis goes away.
    with news_site(delay=0.3) as site, app_broker(own_redis.url):
        worker = start_worker(broker_url=own_redis.url, **WORKER_ENV)
        ids = [article_submit(user=editor, url=site.url(n))[0].pk for n in range(QUEUED)]
        assert wait_for(lambda: _extracted(ids) >= 4, timeout=40), (
            list(Article.objects.values_list("status", "failure_reason")[:3]),
            own_redis.queued(),
        )
        queued_at_kill = own_redis.queued()
        own_redis.kill()
        assert queued_at_kill > 0, "every task had left the queue before Redis went away"

        # Redis is down: pages answer, and a submission is kept for the sweep.
        assert editor_client.get(reverse("deals:dashboard")).status_code == 200
        assert editor_client.get(reverse("deals:article_list")).status_code == 200
        for n in range(QUEUED, QUEUED + WHILE_DOWN):
            response = editor_client.post(reverse("deals:article_new"), {"url": site.url(n)})
            assert response.status_code == 302
        late = list(
            Article.objects.filter(
                url__in=[site.url(n) for n in range(QUEUED, QUEUED + WHILE_DOWN)]
            ).values_list("id", flat=True)
        )
        assert len(late) == WHILE_DOWN
        ids += late
        assert _extracted(ids) < len(ids)

        own_redis.start()  # the same port, an empty server
        deadline = time.monotonic() + 60
        # Beat's part, every few seconds: the sweep finds what the queue forgot.
        while _extracted(ids) < len(ids) and time.monotonic() < deadline:
            with suppress(BrokerError):
                requeue_stale_articles_task.delay()
            wait_for(lambda: _extracted(ids) == len(ids), timeout=3)

        articles = Article.objects.filter(pk__in=ids)
        statuses = dict(articles.values_list("status").annotate(n=Count("id")))
        assert statuses == {"extracted": len(ids)}, (statuses, worker.output())
        urls = list(Article.objects.filter(url__startswith=site.base).values_list("url", flat=True))
        assert sorted(urls) == sorted(site.url(n) for n in range(len(ids)))
        rounds = Proposal.objects.filter(article__in=ids, kind="round")
        assert rounds.count() == len(ids)
        assert rounds.values("article").distinct().count() == len(ids)
        assert worker.process.poll() is None, "the worker did not survive the restart"
