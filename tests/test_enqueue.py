"""deals/enqueue.py: an after-commit enqueue with the broker down keeps the write.

The broker is a real address nothing listens on (a closed local port), not a
mock: the publish fails the way it fails in production.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from deals import alerts
from deals.enqueue import SEND_DELIVERY, enqueue_on_commit
from deals.models import AlertDelivery, Round
from fundtracker.celery import app as celery_app

from .factories import CompanyFactory, MilestoneFactory, UserFactory, WatchFactory
from .views.test_edit import round_post


def _closed_port() -> int:
    # Bound and closed again: nothing listens there, so a connection is refused at once.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _drop_broker_pools() -> None:
    # kombu keeps one producer pool per app: a pool made for the live broker would be reused.
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)


@pytest.fixture
def broker_down(monkeypatch) -> Iterator[str]:
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    celery_app.conf.task_always_eager = False  # the autouse fixture restores it
    old = celery_app.conf.broker_url
    _drop_broker_pools()
    # Celery reads the environment variable before its own setting.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    celery_app.conf.broker_url = url
    yield url
    _drop_broker_pools()
    celery_app.conf.broker_url = old


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_round_for_a_watched_company_saves_once_with_the_broker_down(
    editor_client, broker_down, caplog
) -> None:
    company = CompanyFactory()
    watcher = WatchFactory(company=company).user
    caplog.set_level(logging.WARNING, logger="deals.enqueue")
    response = editor_client.post(reverse("deals:round_create"), round_post(company, []))
    assert response.status_code == 302
    round_ = Round.objects.get(company=company)
    row = AlertDelivery.objects.get(kind="new_round", round=round_)
    assert (row.user_id, row.sent_at) == (watcher.pk, None)
    assert "left for the sweep" in caplog.text
    # The sweep hands the row out once the broker is back.
    assert row.pk in alerts.sweep().immediate


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rescheduling_a_watched_milestone_saves_with_the_broker_down(
    editor_client, broker_down, caplog
) -> None:
    today = timezone.localdate()
    m = MilestoneFactory(date_start=today, date_end=today)
    watcher = WatchFactory(milestone=m).user
    caplog.set_level(logging.WARNING, logger="deals.enqueue")
    url = reverse("deals:milestone_outcome", kwargs={"pk": m.pk})
    new = (today.replace(day=1) + timezone.timedelta(days=62)).isoformat()
    response = editor_client.post(url, {"status": "rescheduled", "new_start": new})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.date_start.isoformat() == new
    row = AlertDelivery.objects.get(kind="rescheduled", milestone=m)
    assert (row.user_id, row.sent_at) == (watcher.pk, None)
    assert "left for the sweep" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hooks_after_a_refused_enqueue_still_run(broker_down) -> None:
    ran: list[str] = []
    with transaction.atomic():
        UserFactory()
        enqueue_on_commit(SEND_DELIVERY, [1, 2])
        transaction.on_commit(lambda: ran.append("later hook"))
    assert ran == ["later hook"]
