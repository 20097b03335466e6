"""deals/alerts/ (the package): the due query, claiming, sending, backoff, digests.

Marked quickstart: its raw SQL runs on SQLite in the quickstart, so `make test`
runs this module there as well as on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from deals import alerts
from deals.models import AlertDelivery, AlertPreference, Round
from deals.services.outcomes import milestone_record_outcome
from deals.services.rounds import round_save
from deals.services.watching import alerts_unsubscribe
from deals.tasks import send_delivery_task, sweep_due_alerts_task

from .factories import (
    AlertDeliveryFactory,
    CompanyFactory,
    MilestoneFactory,
    RoundFactory,
    UserFactory,
    WatchFactory,
)

pytestmark = pytest.mark.quickstart

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: dt.date, hour: int, minute: int = 0, tz: ZoneInfo = BERLIN) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


@pytest.fixture
def berlin(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    settings.ALERT_HOUR = 8
    timezone.activate(BERLIN)
    yield
    timezone.deactivate()


JUNE_30 = dt.date(2026, 6, 30)


def test_due_moment_is_the_next_day_at_alert_hour_local(berlin) -> None:
    assert alerts.due_moment(date_end=JUNE_30) == at(dt.date(2026, 7, 1), 8)
    assert alerts.due_cutoff(now=at(dt.date(2026, 7, 1), 7, 59)) == dt.date(2026, 6, 29)
    assert alerts.due_cutoff(now=at(dt.date(2026, 7, 1), 8, 0)) == JUNE_30


def test_due_cutoff_reads_local_time_not_utc(berlin) -> None:
    # 06:30 UTC is 08:30 in Berlin (summer): due there, though UTC says 06:30.
    now = dt.datetime(2026, 7, 1, 6, 30, tzinfo=dt.UTC)
    assert alerts.due_cutoff(now=now) == JUNE_30


@pytest.mark.django_db
def test_sweep_records_nothing_before_the_alert_hour_and_one_row_after(berlin) -> None:
    m = MilestoneFactory(date_start=dt.date(2026, 6, 1), date_end=JUNE_30, precision="month")
    w = WatchFactory(milestone=m)
    assert alerts.queue_due_alerts(now=at(dt.date(2026, 7, 1), 7, 59)) == 0
    assert alerts.queue_due_alerts(now=at(dt.date(2026, 7, 1), 8, 0)) == 1
    row = AlertDelivery.objects.get()
    assert (row.user, row.milestone, row.kind) == (w.user, m, "milestone_due")
    assert row.occasion == "2026-06-01..2026-06-30"
    assert row.sent_at is None


@pytest.mark.django_db
def test_sweep_counts_a_user_watching_milestone_and_company_once(berlin) -> None:
    m = MilestoneFactory(date_start=JUNE_30, date_end=JUNE_30)
    user = UserFactory()
    WatchFactory(user=user, milestone=m)
    WatchFactory(user=user, company=m.company)
    other = WatchFactory(company=m.company).user
    now = at(dt.date(2026, 7, 2), 9)
    assert alerts.queue_due_alerts(now=now) == 2
    assert alerts.queue_due_alerts(now=now) == 0  # a second sweep adds nothing
    assert set(AlertDelivery.objects.values_list("user_id", flat=True)) == {user.pk, other.pk}


@pytest.mark.django_db
def test_sweep_skips_resolved_unreachable_and_long_past_milestones(berlin, settings) -> None:
    settings.ALERT_LOOKBACK_DAYS = 30
    occurred = MilestoneFactory(date_start=JUNE_30, date_end=JUNE_30, status="occurred")
    WatchFactory(milestone=occurred)
    old = MilestoneFactory(date_start=dt.date(2026, 1, 1), date_end=dt.date(2026, 1, 1))
    WatchFactory(milestone=old)
    m = MilestoneFactory(date_start=JUNE_30, date_end=JUNE_30)
    WatchFactory(milestone=m, user=UserFactory(email=""))
    WatchFactory(milestone=m, user=UserFactory(is_active=False))
    gone = UserFactory()
    AlertPreference.objects.create(user=gone, unsubscribed_at=timezone.now())
    WatchFactory(milestone=m, user=gone)
    assert alerts.queue_due_alerts(now=at(dt.date(2026, 7, 2), 9)) == 0


@pytest.mark.django_db
def test_a_rescheduled_milestone_alerts_again_when_its_new_date_passes(berlin) -> None:
    m = MilestoneFactory(date_start=JUNE_30, date_end=JUNE_30)
    watcher = WatchFactory(milestone=m).user
    editor = UserFactory(role="editor")
    with time_machine.travel(at(dt.date(2026, 7, 2), 9), tick=False):
        alerts.queue_due_alerts()
        alerts.send_pending()
        milestone_record_outcome(
            milestone=m, status="rescheduled", user=editor, new_start=dt.date(2026, 8, 31)
        )
    with time_machine.travel(at(dt.date(2026, 9, 1), 8), tick=False):
        alerts.queue_due_alerts()
        alerts.send_pending()
    kinds = list(
        AlertDelivery.objects.filter(user=watcher).order_by("id").values_list("kind", "occasion")
    )
    assert kinds == [
        ("milestone_due", "2026-06-30..2026-06-30"),
        ("rescheduled", "2026-08-31..2026-08-31"),
        ("milestone_due", "2026-08-31..2026-08-31"),
    ]
    assert len(mail.outbox) == 3
    assert not AlertDelivery.objects.filter(sent_at=None).exists()


@pytest.mark.django_db
def test_send_delivery_sends_once_and_records_the_message_id() -> None:
    row = AlertDeliveryFactory()
    first = alerts.send_delivery(delivery_id=row.pk)
    second = alerts.send_delivery(delivery_id=row.pk)
    assert (first.status, second.status) == ("sent", "not_claimed")
    row.refresh_from_db()
    assert row.sent_at is not None and row.claimed_until is None
    assert row.message_id == f"<delivery-{row.pk}@127.0.0.1>"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id


@pytest.mark.django_db
def test_a_sent_alert_stays_sent_after_the_lease_runs_out(berlin, settings) -> None:
    """The lease is written by raw SQL and checked by the ORM when marking sent: on
    SQLite the two wrote the time differently, so no row was ever marked sent and
    every sweep after the lease sent the same email again."""
    settings.ALERT_LEASE_SECONDS = 300
    row = AlertDeliveryFactory()
    now = at(dt.date(2026, 7, 1), 9)
    with time_machine.travel(now, tick=False):
        assert alerts.send_pending() == (1, 1)
    row.refresh_from_db()
    assert row.sent_at == now and row.claimed_until is None
    with time_machine.travel(now + dt.timedelta(seconds=301), tick=False):
        assert alerts.claimable_ids() == []
        assert alerts.send_pending() == (0, 0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_under_lease_is_not_claimed_until_the_lease_runs_out(settings) -> None:
    settings.ALERT_LEASE_SECONDS = 300
    row = AlertDeliveryFactory()
    now = timezone.now()
    assert alerts.claim_next(now=now) is not None  # a sender claims, then dies
    assert alerts.claim_next(now=now + dt.timedelta(seconds=299)) is None
    assert alerts.claimable_ids(now=now + dt.timedelta(seconds=299)) == []
    assert alerts.claimable_ids(now=now + dt.timedelta(seconds=301)) == [row.pk]


@pytest.mark.django_db
def test_a_failed_send_is_released_with_attempts_and_backoff(settings, monkeypatch) -> None:
    settings.ALERT_BACKOFF_SECONDS = 60
    row = AlertDeliveryFactory()

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    now = timezone.now()
    result = alerts.send_delivery(delivery_id=row.pk, now=now)
    assert result.status == "failed" and result.retry_in == dt.timedelta(seconds=60)
    row.refresh_from_db()
    assert row.attempts == 1 and "SMTP server down" in row.last_error
    assert row.sent_at is None
    assert row.claimed_until == now + dt.timedelta(seconds=60)
    # Not retried before the backoff ends; a second failure doubles it.
    assert alerts.send_delivery(delivery_id=row.pk, now=now).status == "not_claimed"
    later = now + dt.timedelta(seconds=61)
    assert alerts.send_delivery(delivery_id=row.pk, now=later).retry_in == dt.timedelta(seconds=120)


def test_backoff_stays_below_the_broker_visibility_timeout(settings) -> None:
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
    settings.ALERT_BACKOFF_MAX_SECONDS = 10_000
    assert alerts.backoff(30) == dt.timedelta(seconds=300)


@pytest.mark.django_db
def test_an_alert_made_stale_by_an_outcome_is_dropped_not_sent() -> None:
    row = AlertDeliveryFactory()
    row.milestone.status = "occurred"
    row.milestone.save()
    assert alerts.send_delivery(delivery_id=row.pk).status == "dropped"
    assert not AlertDelivery.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_new_round_alerts_reach_company_watchers_once() -> None:
    company = CompanyFactory()
    watcher = WatchFactory(company=company).user
    WatchFactory(company=CompanyFactory())  # watches someone else
    round_ = RoundFactory(company=company)
    assert not AlertDelivery.objects.exists()
    ids = alerts.new_round_alerts(round=round_)
    assert alerts.new_round_alerts(round=round_) == []
    assert list(AlertDelivery.objects.filter(pk__in=ids).values_list("user_id", flat=True)) == [
        watcher.pk
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_round_alert_is_sent_after_commit() -> None:
    company = CompanyFactory()
    WatchFactory(company=company)
    # The service queues the row and asks for the send after commit (tasks eager).
    round_save(round=Round(company=company, stage="seed"))
    assert len(mail.outbox) == 1
    assert company.name in mail.outbox[0].subject


@pytest.mark.django_db
def test_digest_users_get_one_email_a_day_with_every_pending_row(berlin) -> None:
    user = UserFactory()
    AlertPreference.objects.create(user=user, mode="digest")
    rows = [AlertDeliveryFactory(user=user) for _ in range(3)]
    before = at(dt.date(2026, 7, 1), 7)
    # Not sent one by one, and not before the digest hour.
    assert alerts.send_delivery(delivery_id=rows[0].pk, now=before).status == "not_claimed"
    assert alerts.send_digest(user_id=user.pk, now=before).status == "not_claimed"
    after = at(dt.date(2026, 7, 1), 9)
    assert alerts.digest_users_due(now=after) == [user.pk]
    result = alerts.send_digest(user_id=user.pk, now=after)
    assert result.status == "sent"
    assert len(mail.outbox) == 1 and "3 alerts" in mail.outbox[0].subject
    assert set(AlertDelivery.objects.values_list("message_id", flat=True)) == {
        f"<digest-{rows[0].pk}@127.0.0.1>"
    }
    AlertDeliveryFactory(user=user)  # arrives later the same day: waits for tomorrow
    assert alerts.send_digest(user_id=user.pk, now=after + dt.timedelta(hours=2)).status == (
        "not_claimed"
    )
    assert alerts.send_digest(user_id=user.pk, now=after + dt.timedelta(days=1)).status == "sent"
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_unsubscribed_users_get_nothing_and_lose_pending_rows() -> None:
    row = AlertDeliveryFactory()
    alerts_unsubscribe(user=row.user)
    assert not AlertDelivery.objects.exists()
    assert alerts.send_pending() == (0, 0)


@pytest.mark.django_db
def test_sweep_task_queues_and_sends_due_alerts() -> None:
    m = MilestoneFactory(
        date_start=timezone.localdate() - dt.timedelta(days=3),
        date_end=timezone.localdate() - dt.timedelta(days=3),
    )
    WatchFactory(milestone=m)
    assert sweep_due_alerts_task.delay() is not None
    assert len(mail.outbox) == 1
    # A redelivered task for a sent row does nothing.
    send_delivery_task.delay(AlertDelivery.objects.get().pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_send_due_alerts_command_prints_claimed_and_sent(capsys) -> None:
    m = MilestoneFactory(
        date_start=timezone.localdate() - dt.timedelta(days=3),
        date_end=timezone.localdate() - dt.timedelta(days=3),
    )
    WatchFactory(milestone=m)
    WatchFactory(company=m.company)
    call_command("send_due_alerts")
    out = capsys.readouterr().out
    assert "Queued 2 new due alert(s); claimed 2, sent 2" in out
    call_command("send_due_alerts")
    assert "Queued 0 new due alert(s); claimed 0, sent 0" in capsys.readouterr().out
    assert len(mail.outbox) == 2
