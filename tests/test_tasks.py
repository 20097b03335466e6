"""deals/tasks/: every task registered under the name the beat schedule and queued
messages use, whatever module it lives in; enqueueing names a task, never imports it."""

from __future__ import annotations

import importlib

import pytest
from django.db import transaction

from deals import enqueue
from fundtracker.celery import app as celery_app

# The names are a contract with rows in django_celery_beat_periodictask and with
# messages already in Redis: these literals must not change when tasks move.
REGISTERED = {
    "deals.tasks.ingest_article_task",
    "deals.tasks.poll_feed_task",
    "deals.tasks.poll_due_feeds_task",
    "deals.tasks.requeue_stale_articles_task",
    "deals.tasks_alerts.sweep_due_alerts_task",
    "deals.tasks_alerts.send_delivery_task",
    "deals.tasks_alerts.send_digest_task",
}


def test_every_task_keeps_its_registered_name() -> None:
    ours = {name for name in celery_app.tasks if name.startswith("deals.")}
    assert ours == REGISTERED
    for name in REGISTERED:
        assert celery_app.tasks[name].__module__.startswith("deals.tasks.")


def test_every_beat_schedule_row_names_a_registered_task() -> None:
    migration = importlib.import_module("deals.migrations.0004_beat_schedule")
    for _name, task, _description in migration.SCHEDULES:
        assert task in celery_app.tasks


def test_enqueue_names_only_registered_tasks() -> None:
    names = {getattr(enqueue, n) for n in dir(enqueue) if n.isupper()}
    assert names == REGISTERED


@pytest.mark.django_db
def test_enqueueing_an_unknown_task_name_fails_before_commit() -> None:
    with pytest.raises(KeyError), transaction.atomic():
        enqueue.enqueue_on_commit("deals.tasks.no_such_task", [1])
