"""End to end through a real Celery worker on Redis, not eager mode.

The test database is shared with a `celery worker` subprocess, so the test commits
(transaction=True) and the worker is pointed at pytest-django's test database by
DATABASE_URL. Pages and a feed come from a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from deals.ingest import store
from deals.models import Article, Feed, FeedItem, Proposal
from deals.services.ingest import article_submit, feed_create
from deals.tasks import ingest_article_task, poll_due_feeds_task
from fundtracker.celery import app as celery_app
from tests.factories import FeedFactory, UserFactory
from tests.ingest.newsserver import SENTENCE, news_server

ROOT = Path(__file__).resolve().parent.parent
FINAL = ("extracted", "failed", "reviewed")


@pytest.fixture
def worker() -> Iterator[subprocess.Popen]:
    db = settings.DATABASES["default"]
    url = (
        f"postgres://{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": celery_app.conf.broker_url,
        "FETCH_ALLOW_PRIVATE": "true",
        "FETCH_TIMEOUT": "2",
        "CONN_MAX_AGE": "0",
    }
    celery_app.control.purge()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "fundtracker",
            "worker",
            "-P",
            "solo",
            "-l",
            "warning",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(condition, *, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def _worker_output(process: subprocess.Popen) -> str:
    process.terminate()
    out, _ = process.communicate(timeout=20)
    return out.decode(errors="replace")[-4000:]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_ingests_a_page_and_a_feed_through_redis(worker):
    assert connection.settings_dict["NAME"].startswith("test_")
    celery_app.conf.task_always_eager = False  # the autouse fixture restores it
    # No role: a transactional test before this one may have flushed the groups.
    editor = UserFactory()
    with news_server() as base:
        article, created = article_submit(user=editor, url=f"{base}/article.html")
        assert created
        page_done = _wait_for(lambda: Article.objects.get(pk=article.pk).status in FINAL)
        assert page_done, _worker_output(worker)
        article.refresh_from_db()
        assert article.status == "extracted", article.failure_reason
        assert SENTENCE in article.text
        assert Proposal.objects.filter(article=article, kind="round").exists()

        feed = feed_create(url=f"{base}/feed.xml", poll_interval_minutes=60, user=editor)
        feed_done = _wait_for(
            lambda: (
                FeedItem.objects.filter(feed=feed).count() == 2
                and Article.objects.filter(url=f"{base}/second.html", status__in=FINAL).exists()
            )
        )
        assert feed_done, _worker_output(worker)

        # The feed's first item is the page ingested above: one Article, not two.
        assert Article.objects.filter(url=f"{base}/article.html").count() == 1
        second = Article.objects.get(url=f"{base}/second.html")
        assert second.status == "extracted", second.failure_reason
        assert second.feed == feed
        assert Proposal.objects.filter(article=second).exists()
        assert Feed.objects.get(pk=feed.pk).last_error == ""

        # A redelivered task (the same task sent again) changes nothing.
        proposals = Proposal.objects.count()
        ingest_article_task.delay(second.pk)
        time.sleep(2)
        assert Proposal.objects.count() == proposals
        assert Article.objects.get(pk=second.pk).attempts == 1


@pytest.mark.django_db
def test_transient_errors_are_retried_then_fail(settings, monkeypatch):
    """Eager mode runs the retries at once; the last try records the failure."""
    settings.FETCH_ALLOW_PRIVATE = True
    monkeypatch.setattr("deals.tasks.ingest._backoff", lambda retries: 0)
    with news_server() as base:
        article, _ = store.article_get_or_create(origin="url", url=f"{base}/unavailable.html")
        ingest_article_task.apply(args=[article.pk])
    article.refresh_from_db()
    assert article.attempts == 4  # the first try and three retries
    assert article.status == "failed"
    assert "HTTP 503" in article.failure_reason


@pytest.mark.django_db
def test_beat_task_polls_each_due_feed_once(settings):
    settings.FETCH_ALLOW_PRIVATE = True
    with news_server() as base:
        feed = FeedFactory(url=f"{base}/feed.xml", next_poll_at=None)
        assert poll_due_feeds_task.apply().get() == [feed.pk]
        assert poll_due_feeds_task.apply().get() == []
    assert FeedItem.objects.filter(feed=feed).count() == 2
    assert Article.objects.filter(feed=feed, status="extracted").count() == 2


@pytest.mark.django_db
def test_beat_schedule_migration_installs_the_task_once():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Called directly: a transactional test's flush may have emptied the migrated rows.
    migration = importlib.import_module("deals.migrations.0004_beat_schedule")
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)
    task = PeriodicTask.objects.get(task="deals.tasks.poll_due_feeds_task")
    assert task.enabled and task.interval.every == 1 and task.interval.period == "minutes"
    assert "deals.tasks.poll_due_feeds_task" in celery_app.tasks
