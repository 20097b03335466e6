"""deals/emails.py: content, headers and the unsubscribe token."""

from __future__ import annotations

import datetime as dt

import pytest

from deals import emails
from deals.models import AlertDelivery

from .factories import (
    AlertDeliveryFactory,
    CitationFactory,
    MilestoneFactory,
    RoundFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_milestone_due_email_says_what_when_source_and_links() -> None:
    m = MilestoneFactory(
        title="V4.1 ships",
        date_start=dt.date(2026, 6, 1),
        date_end=dt.date(2026, 6, 30),
        precision="month",
        company__name="Acme & Co",
    )
    CitationFactory(milestone=m, sentence="Acme said V4.1 will ship in June.")
    row = AlertDeliveryFactory(milestone=m)
    message = emails.milestone_due_email(delivery=row)
    html = message.alternatives[0][0]
    assert message.subject == "Date passed: Acme & Co – V4.1 ships (June 2026)"
    for text in (message.body, html):
        assert "June 2026" in text
        assert "Acme said V4.1 will ship in June." in text
        assert f"http://127.0.0.1:8000/milestones/{m.pk}/" in text
        assert f"http://127.0.0.1:8000/milestones/{m.pk}/outcome/" in text
    assert "Acme &amp; Co" in html and "Acme & Co" in message.body
    assert message.to == [row.user.email]


@pytest.mark.django_db
def test_every_email_has_a_row_message_id_and_list_unsubscribe() -> None:
    row = AlertDeliveryFactory()
    message = emails.email_for_delivery(delivery=row)
    headers = message.message()
    assert headers["Message-ID"] == f"<delivery-{row.pk}@127.0.0.1>"
    unsubscribe = headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.rsplit("/unsubscribe/", 1)[1].rstrip("/>")
    assert emails.user_from_unsubscribe_token(token=token) == row.user
    assert unsubscribe.strip("<>") in message.body


@pytest.mark.django_db
def test_new_round_and_rescheduled_emails_render() -> None:
    round_ = RoundFactory(company__name="Zeta")
    row = AlertDelivery.objects.create(user=UserFactory(), kind="new_round", round=round_)
    message = emails.email_for_delivery(delivery=row)
    assert message.subject == "New round: Zeta – Series A"
    assert f"/rounds/{round_.pk}/" in message.body

    m = MilestoneFactory(title="Plant opens")
    row = AlertDelivery.objects.create(
        user=UserFactory(), kind="rescheduled", milestone=m, occasion="2027-07-01..2027-09-30"
    )
    m.precision = "quarter"
    message = emails.email_for_delivery(delivery=row)
    assert "now Q3 2027" in message.subject


@pytest.mark.django_db
def test_digest_lists_every_row_and_is_named_after_the_first() -> None:
    user = UserFactory()
    rows = [AlertDeliveryFactory(user=user) for _ in range(2)]
    message = emails.digest_email(user=user, deliveries=rows)
    assert message.extra_headers["Message-ID"] == f"<digest-{rows[0].pk}@127.0.0.1>"
    assert "2 alerts" in message.subject
    for row in rows:
        assert row.milestone.title in message.body


@pytest.mark.django_db
def test_a_tampered_unsubscribe_token_names_nobody() -> None:
    token = emails.unsubscribe_token(user=UserFactory())
    assert emails.user_from_unsubscribe_token(token=token[:-2] + "xx") is None
    assert emails.user_from_unsubscribe_token(token="garbage") is None
