"""Feed and calendar addresses as links with a copy button; the rounds list's
"subscribe to this view"."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from deals.emails import absolute
from deals.services.watching import alert_preference_get, feed_token_revoke

pytestmark = pytest.mark.django_db

ROUNDS = reverse("deals:round_list")


def _feed_link(response) -> tuple[str, dict[str, list[str]]]:
    html = response.content.decode()
    start = html.index('id="rounds-feed-url" href="') + len('id="rounds-feed-url" href="')
    url = html[start : html.index('"', start)].replace("&amp;", "&")
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def test_rounds_list_subscribes_to_the_feed_of_its_filters_with_the_private_key(
    analyst, analyst_client
):
    token = alert_preference_get(user=analyst).calendar_token
    response = analyst_client.get(ROUNDS + "?stage=series_a&country=CN&after=abc&q=")
    path, query = _feed_link(response)
    assert path == reverse("deals:rounds_feed")
    # The filters, not the page cursor, and the key a feed reader needs.
    assert query == {"stage": ["series_a"], "country": ["CN"], "key": [token]}
    assert analyst_client.get(path, query).status_code == 200


def test_without_a_private_address_the_link_says_how_to_make_one(analyst, analyst_client):
    alert_preference_get(user=analyst)
    feed_token_revoke(user=analyst)
    response = analyst_client.get(ROUNDS + "?stage=seed")
    _, query = _feed_link(response)
    assert query == {"stage": ["seed"]}
    assert reverse("deals:preferences") in response.content.decode()


def test_an_htmx_filter_change_updates_the_subscribe_link_out_of_band(analyst, analyst_client):
    alert_preference_get(user=analyst)
    response = analyst_client.get(ROUNDS + "?stage=seed", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="rounds-table">')
    assert 'id="rounds-subscribe" hx-swap-oob="true"' in html
    assert _feed_link(response)[1]["stage"] == ["seed"]


def test_preferences_show_addresses_as_links_with_copy_buttons(analyst, analyst_client):
    token = alert_preference_get(user=analyst).calendar_token
    html = analyst_client.get(reverse("deals:preferences")).content.decode()
    calendar = reverse("deals:calendar_feed", kwargs={"token": token})
    assert f'id="calendar-url" href="{absolute(calendar)}"' in html
    for target in ("#calendar-url", "#rounds-feed-url", "#alerts-feed-url"):
        assert f'data-copy="{target}" hidden' in html
    assert '/static/js/copy.js" nonce="' in html
