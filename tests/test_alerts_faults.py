"""Exactly-once under faults, against a real SMTP server (aiosmtpd), the real
PostgreSQL test database and real Redis (the session requires both).

Every assertion counts what ARRIVED at the SMTP server.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from deals import alerts
from deals.models import AlertDelivery, Milestone, Watch

from .factories import CompanyFactory, MilestoneFactory, WatchFactory
from .smtp_sink import Sink, smtp_sink_fixture  # noqa: F401 - the smtp_sink fixture

ROOT = Path(__file__).resolve().parents[1]
# Tests that commit need the data migrations' rows (roles, beat schedule) put back.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _due_day() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=3)


def make_due_pairs(*, users: int, milestones: int) -> int:
    """`users` watchers of one company with `milestones` milestones whose date passed."""
    company = CompanyFactory()
    User = get_user_model()
    made = User.objects.bulk_create(
        User(username=f"watcher{i}", email=f"watcher{i}@example.com") for i in range(users)
    )
    Watch.objects.bulk_create(Watch(user=u, company=company) for u in made)
    day = _due_day()
    Milestone.objects.bulk_create(
        Milestone(company=company, title=f"Launch {i}", date_start=day, date_end=day)
        for i in range(milestones)
    )
    return users * milestones


def run_in_threads(targets: list[Callable[[], object]]) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(target: Callable[[], object]) -> None:
        try:
            barrier.wait()
            target()
        except BaseException as exc:  # surfaced by the test
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors


@pytest.mark.django_db
def test_smtp_refusing_then_accepting_delivers_every_alert_once(smtp_sink: Sink, settings) -> None:
    settings.ALERT_BACKOFF_SECONDS = 60
    for _ in range(5):
        WatchFactory(milestone=MilestoneFactory(date_start=_due_day(), date_end=_due_day()))
    smtp_sink.refuse_first = 7
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        call_command("send_due_alerts")
        assert smtp_sink.messages == []  # all five refused
        assert set(AlertDelivery.objects.values_list("attempts", flat=True)) == {1}
        call_command("send_due_alerts")  # within the backoff: nothing is retried yet
        assert smtp_sink.refused == 5
        for _ in range(6):
            traveller.shift(dt.timedelta(minutes=5))
            call_command("send_due_alerts")
    assert smtp_sink.refused == 7
    ids = smtp_sink.message_ids()
    assert len(ids) == 5 and len(set(ids)) == 5
    rows = AlertDelivery.objects.all()
    assert all(r.sent_at is not None for r in rows)
    assert sorted(r.message_id for r in rows) == sorted(ids)


@committed
def test_two_concurrent_sweeps_over_2000_due_pairs_send_2000_distinct_messages(
    smtp_sink: Sink,
) -> None:
    assert make_due_pairs(users=40, milestones=50) == 2000

    def sweep_and_send() -> None:
        alerts.queue_due_alerts()
        alerts.send_pending()

    assert run_in_threads([sweep_and_send, sweep_and_send]) == []
    ids = smtp_sink.message_ids()
    assert len(ids) == 2000
    assert len(set(ids)) == 2000
    assert AlertDelivery.objects.filter(sent_at__isnull=False).count() == 2000
    assert set(ids) == set(AlertDelivery.objects.values_list("message_id", flat=True))


@committed
def test_four_senders_at_once_send_each_row_once(smtp_sink: Sink) -> None:
    make_due_pairs(users=10, milestones=30)
    alerts.queue_due_alerts()
    row_ids = list(AlertDelivery.objects.values_list("id", flat=True))
    assert len(row_ids) == 300

    def by_id(seed: int) -> Callable[[], None]:
        def run() -> None:
            order = row_ids[:]
            random.Random(seed).shuffle(order)
            for delivery_id in order:
                alerts.send_delivery(delivery_id=delivery_id)

        return run

    # Two send one row at a time by id (redelivered tasks), two drain the queue.
    errors = run_in_threads(
        [by_id(1), by_id(2), lambda: alerts.send_pending(), lambda: alerts.send_pending()]
    )
    assert errors == []
    ids = smtp_sink.message_ids()
    assert len(ids) == 300 and len(set(ids)) == 300
    assert not AlertDelivery.objects.filter(sent_at=None).exists()


CLAIM_AND_HANG = """
import sys, time
import django
django.setup()
from django.conf import settings
from django.utils import timezone
settings.ALERT_LEASE_SECONDS = float(sys.argv[1])
from deals import alerts
claimed = alerts.claim_next(now=timezone.now())
print("claimed", claimed[0] if claimed else "none", flush=True)
time.sleep(600)  # "sending": killed here
"""


def _test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


@committed
def test_worker_killed_after_claiming_still_delivers_once_after_the_lease(
    smtp_sink: Sink, settings
) -> None:
    lease = 2.0
    settings.ALERT_LEASE_SECONDS = lease
    WatchFactory(milestone=MilestoneFactory(date_start=_due_day(), date_end=_due_day()))
    alerts.queue_due_alerts()
    row = AlertDelivery.objects.get()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_SETTINGS_MODULE": "fundtracker.settings",
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", CLAIM_AND_HANG, str(lease)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = worker.stdout.readline().strip()
        assert line == f"claimed {row.pk}"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    # The dead worker's lease still holds: nobody sends yet.
    assert alerts.send_pending() == (0, 0)
    assert smtp_sink.messages == []
    time.sleep(lease + 0.5)
    assert alerts.sweep().immediate == [row.pk]  # the sweep sees the lapsed lease
    assert alerts.send_pending() == (1, 1)
    assert alerts.send_pending() == (0, 0)
    assert smtp_sink.message_ids() == [f"<delivery-{row.pk}@127.0.0.1>"]
