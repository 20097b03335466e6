"""Saved-search alerts through the existing exactly-once delivery."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from deals import alerts
from deals.alerts.kinds import kind_for
from deals.models import AlertDelivery, AlertPreference, Round, SavedSearch
from deals.services.rounds import round_save
from tests.factories import CompanyFactory, RoundFactory, UserFactory


def _search(user, query: str, email: str = "immediate", name: str = "S") -> SavedSearch:
    return SavedSearch.objects.create(
        user=user, name=name, query=query, email=email, last_visited_at=timezone.now()
    )


@pytest.mark.django_db
def test_only_matching_emailing_searches_of_reachable_users_are_queued() -> None:
    cn = CompanyFactory(country="CN")
    wanted = _search(UserFactory(), "country=CN&stage=series_a")
    _search(UserFactory(), "country=US")  # does not match
    _search(UserFactory(), "country=CN", email="off")  # no email
    _search(UserFactory(email=""), "country=CN")  # no address
    gone = UserFactory()
    AlertPreference.objects.create(user=gone, unsubscribed_at=timezone.now())
    _search(gone, "country=CN")
    round_ = RoundFactory(company=cn, stage="series_a")
    ids = alerts.saved_search_alerts(round=round_)
    rows = AlertDelivery.objects.filter(pk__in=ids)
    assert [(r.saved_search_id, r.kind) for r in rows] == [(wanted.pk, "saved_search")]
    assert alerts.saved_search_alerts(round=round_) == []


@pytest.mark.django_db
def test_a_search_that_no_longer_validates_matches_nothing() -> None:
    _search(UserFactory(), "stage=no_such_stage")
    assert alerts.saved_search_alerts(round=RoundFactory()) == []


@pytest.mark.django_db
def test_two_searches_matching_one_round_are_two_alerts() -> None:
    user = UserFactory()
    _search(user, "country=CN", name="China")
    _search(user, "stage=series_a", name="A rounds")
    round_ = RoundFactory(company=CompanyFactory(country="CN"), stage="series_a")
    assert len(alerts.saved_search_alerts(round=round_)) == 2


@pytest.mark.django_db
def test_without_the_unique_constraint_a_second_queueing_duplicates() -> None:
    """The constraint delivery_once_per_search_round is the protection: drop it (inside
    this test's transaction) and the same queueing writes a second row."""
    with connection.cursor() as cur:
        # A partial unique constraint is a unique index in PostgreSQL.
        cur.execute("DROP INDEX delivery_once_per_search_round")
    _search(UserFactory(), "")
    round_ = RoundFactory()
    alerts.saved_search_alerts(round=round_)
    alerts.saved_search_alerts(round=round_)
    assert AlertDelivery.objects.filter(round=round_).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_matching_round_is_emailed_once_even_when_the_sweep_runs_twice() -> None:
    user = UserFactory()
    _search(user, "country=CN", name="China")
    # Tasks run eagerly: the service's after-commit send goes at once.
    round_save(round=Round(company=CompanyFactory(country="CN", name="Moonshot"), stage="seed"))
    call_command("send_due_alerts")
    call_command("send_due_alerts")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "China: Moonshot – Seed"
    assert AlertDelivery.objects.get(kind="saved_search").sent_at is not None


@pytest.mark.django_db
def test_an_immediate_search_is_sent_at_once_even_for_a_digest_user() -> None:
    user = UserFactory()
    AlertPreference.objects.create(user=user, mode="digest")
    _search(user, "")
    (row_id,) = alerts.saved_search_alerts(round=RoundFactory())
    assert alerts.send_delivery(delivery_id=row_id).status == "sent"


@pytest.mark.django_db
def test_a_digest_search_waits_for_the_digest_even_for_an_immediate_user() -> None:
    user = UserFactory()
    AlertPreference.objects.create(user=user, mode="immediate")
    _search(user, "", email="digest", name="Everything")
    (row_id,) = alerts.saved_search_alerts(round=RoundFactory())
    assert alerts.claimable_ids() == []
    assert alerts.send_delivery(delivery_id=row_id).status == "not_claimed"
    later = alerts.digest_moment(now=timezone.now()) + dt.timedelta(hours=1)
    assert alerts.digest_users_due(now=later) == [user.pk]
    assert alerts.send_digest(user_id=user.pk, now=later).status == "sent"
    (message,) = mail.outbox
    assert "Everything:" in message.body


@pytest.mark.django_db
def test_turning_email_off_drops_a_queued_alert() -> None:
    search = _search(UserFactory(), "")
    (row_id,) = alerts.saved_search_alerts(round=RoundFactory())
    SavedSearch.objects.filter(pk=search.pk).update(email="off")
    assert alerts.send_delivery(delivery_id=row_id).status == "dropped"
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_kind_has_a_feed_title_and_link() -> None:
    search = _search(UserFactory(), "", name="All")
    round_ = RoundFactory(company=CompanyFactory(name="Zhipu"))
    (row_id,) = alerts.saved_search_alerts(round=round_)
    row = AlertDelivery.objects.get(pk=row_id)
    kind = kind_for("saved_search")
    assert kind.feed_title(row).startswith("All: Zhipu")
    assert kind.link(row) == round_.get_absolute_url()
    assert search.name == "All"
