"""deals/alerts/kinds/: every kind is defined once, completely, and an unknown kind fails loudly."""

from __future__ import annotations

import pytest
from django.template.loader import get_template
from django.urls import reverse

from deals import alerts
from deals.alerts import kinds
from deals.alerts.timing import occasion_for
from deals.feeds import AlertsFeed
from deals.models import AlertDelivery

from .factories import AlertDeliveryFactory, MilestoneFactory, RoundFactory

ALL_KINDS = sorted(AlertDelivery.Kind.values)


def test_every_kind_of_the_model_has_one_definition_and_no_other_exists() -> None:
    assert sorted(kinds.registry()) == ALL_KINDS


@pytest.mark.parametrize("value", ALL_KINDS)
def test_every_kind_has_its_email_and_digest_templates(value: str) -> None:
    templates = kinds.kind_for(value).templates
    assert set(templates) == {
        "subject.txt",
        "body.txt",
        "body.html",
        "digest-item.txt",
        "digest-item.html",
    }
    for name in templates.values():
        get_template(name)  # raises TemplateDoesNotExist


def _row(value: str) -> AlertDelivery:
    """A sent row of `value` that any kind can render: about a milestone and a round."""
    m = MilestoneFactory()
    return AlertDeliveryFactory(
        kind=value,
        milestone=m,
        round=RoundFactory(company=m.company),
        occasion=occasion_for(m.date_start, m.date_end),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ALL_KINDS)
def test_every_kind_renders_its_email_digest_line_and_feed_entry(value: str) -> None:
    row = _row(value)
    message = alerts.email_for_delivery(delivery=row)
    digest = alerts.digest_email(user=row.user, deliveries=[row])
    for text in (message.body, message.alternatives[0][0], digest.body):
        assert row.milestone.company.name in text
        assert "{{" not in text and "{%" not in text
    assert message.subject and "\n1. " in digest.body
    feed = AlertsFeed()
    assert row.milestone.company.name in feed.item_title(row)
    assert feed.item_link(row).startswith("/")


@pytest.mark.django_db
def test_an_unknown_kind_fails_loudly_everywhere_it_is_used() -> None:
    row = _row(AlertDelivery.Kind.MILESTONE_DUE)
    row.kind = "price_drop"
    with pytest.raises(kinds.UnknownAlertKind, match="price_drop"):
        kinds.kind_for("price_drop")
    with pytest.raises(kinds.UnknownAlertKind):
        alerts.email_for_delivery(delivery=row)
    with pytest.raises(kinds.UnknownAlertKind):
        alerts.digest_email(user=row.user, deliveries=[row])
    with pytest.raises(kinds.UnknownAlertKind):
        AlertsFeed().item_title(row)


@pytest.mark.django_db
def test_a_row_whose_subject_is_gone_has_the_kind_label_and_the_watchlist_link() -> None:
    row = AlertDeliveryFactory(kind=AlertDelivery.Kind.NEW_ROUND, milestone=None, round=None)
    feed = AlertsFeed()
    assert feed.item_title(row) == row.get_kind_display()
    assert feed.item_link(row) == reverse("deals:watchlist")
