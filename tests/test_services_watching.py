"""deals/services/watching.py."""

from __future__ import annotations

import pytest

from deals.models import AlertDelivery, Watch
from deals.services import watching

from .factories import (
    AlertDeliveryFactory,
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    UserFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [CompanyFactory, InvestorFactory, MilestoneFactory])
def test_watch_toggle_watches_then_unwatches(factory) -> None:
    user, target = UserFactory(), factory()
    assert watching.watch_toggle(user=user, target=target) is True
    assert Watch.objects.filter(user=user).count() == 1
    assert watching.watch_toggle(user=user, target=target) is False
    assert not Watch.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_watch_toggle_rejects_things_that_cannot_be_watched() -> None:
    with pytest.raises(TypeError):
        watching.watch_toggle(user=UserFactory(), target=UserFactory())


@pytest.mark.django_db
def test_regenerate_replaces_the_feed_token_and_revoke_clears_it() -> None:
    user = UserFactory()
    old = watching.alert_preference_get(user=user).calendar_token
    new = watching.feed_token_regenerate(user=user).calendar_token
    assert new and new != old
    assert watching.feed_token_revoke(user=user).calendar_token is None


@pytest.mark.django_db
def test_unsubscribe_drops_unsent_rows_and_keeps_sent_ones() -> None:
    sent = AlertDeliveryFactory()
    AlertDelivery.objects.filter(pk=sent.pk).update(sent_at="2026-01-01T00:00Z")
    AlertDeliveryFactory(user=sent.user)
    pref = watching.alerts_unsubscribe(user=sent.user)
    assert pref.unsubscribed_at is not None
    assert list(AlertDelivery.objects.values_list("pk", flat=True)) == [sent.pk]
    assert watching.alerts_resubscribe(user=sent.user).unsubscribed_at is None


@pytest.mark.django_db
def test_set_mode_refuses_unknown_modes() -> None:
    user = UserFactory()
    assert watching.alert_preference_set_mode(user=user, mode="digest").mode == "digest"
    with pytest.raises(ValueError):
        watching.alert_preference_set_mode(user=user, mode="hourly")
