"""A poison article among good ones: it fails after a bounded number of tries.

The poison is a genuine input, not a test hook: a page under the fetch cap packed
with twenty thousand round sentences, which takes longer to extract and store than
the worker's hard time limit. The hard limit (not the soft one, which a hang inside
C code would never see) kills the pool child each time, with no chance to record
why; the attempt counter and the stale-article sweep turn that into a failed
article instead of an endless cycle, while the good articles around it are stored
and the recycled pool keeps serving.
"""

from __future__ import annotations

import time

import pytest

from deals.models import Article
from deals.services.ingest import article_submit
from deals.tasks import ingest_article_task, requeue_stale_articles_task
from tests.factories import UserFactory

from .conftest import news_site, wait_for

MAX_ATTEMPTS = 3
WORKER_ENV = {
    "CELERY_TASK_TIME_LIMIT": "2",
    # No soft limit: only the hard one ends the poison, as with a hang inside C code
    # that never sees the soft limit's signal - the worst case.
    "CELERY_TASK_SOFT_TIME_LIMIT": "0",
    "INGEST_STALE_AFTER_SECONDS": "3",
    "INGEST_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD": "300000",
}


@pytest.fixture
def sender_time_limits(monkeypatch):
    """This process plays the web process, which must share the worker's limits:
    Celery puts the sender's time limits into each message, and they win there."""
    monkeypatch.setattr(
        ingest_article_task, "time_limit", int(WORKER_ENV["CELERY_TASK_TIME_LIMIT"])
    )
    monkeypatch.setattr(ingest_article_task, "soft_time_limit", None)
    monkeypatch.setattr(ingest_article_task, "_exec_options", None)  # cached from the above


def _status(pk: int) -> str:
    return Article.objects.filter(pk=pk).values_list("status", flat=True).first() or "gone"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_poison_article_fails_after_bounded_tries_and_good_ones_are_stored(
    real_broker, start_worker, sender_time_limits
):
    user = UserFactory()
    with news_site() as site:
        worker = start_worker(max_tasks_per_child=10, **WORKER_ENV)
        before = [article_submit(user=user, url=site.url(n))[0].pk for n in range(10)]
        poison, _ = article_submit(user=user, url=f"{site.base}/poison.html")
        after = [article_submit(user=user, url=site.url(n))[0].pk for n in range(10, 20)]

        deadline = time.monotonic() + 70
        # Beat's part: the killed tries leave the poison fetched but unfinished.
        while _status(poison.pk) not in ("failed", "extracted") and time.monotonic() < deadline:
            requeue_stale_articles_task.delay()
            wait_for(lambda: _status(poison.pk) == "failed", timeout=2)

        poison.refresh_from_db()
        assert poison.status == "failed", (poison.status, poison.attempts, worker.output())
        assert f"Gave up after {MAX_ATTEMPTS} attempts" in poison.failure_reason
        assert poison.attempts == MAX_ATTEMPTS
        assert not poison.proposals.exists()
        assert "TimeLimitExceeded" in worker.output()  # the hard limit, not a soft exit

        # Later sweeps leave it failed: the page is not fetched again.
        fetched = site.hits["/poison.html"]
        assert fetched == MAX_ATTEMPTS
        requeue_stale_articles_task.delay()
        # The worker keeps serving after losing three children: new work is done.
        late = [article_submit(user=user, url=site.url(n))[0].pk for n in range(20, 25)]
        good = before + after + late
        assert wait_for(
            lambda: Article.objects.filter(pk__in=good, status="extracted").count() == len(good),
            timeout=30,
        ), worker.output()
        assert site.hits["/poison.html"] == fetched
        assert Article.objects.get(pk=poison.pk).status == "failed"
        assert worker.process.poll() is None
        assert all(site.hits[f"/a/{n}.html"] == 1 for n in range(25))
