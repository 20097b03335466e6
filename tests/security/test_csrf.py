"""CSRF on every POST: without the token a POST to any URL of the URL conf is refused
before its view runs (so a view made csrf_exempt turns this red), except the ones
listed in EXEMPT with the reason; with the token that base.html puts in
<body hx-headers>, the writes below go through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from deals.api import urls as api_urls
from deals.models import (
    AlertPreference,
    Article,
    Company,
    Feed,
    Milestone,
    Participation,
    Proposal,
    Round,
    Watch,
)

from ..factories import UserFactory
from ..urlconf import Route, routes
from .conftest import csrf_token_of

S = dict[str, Any]
ROUTES = routes()
# URLs that answer a POST without a CSRF token, and why that is safe.
EXEMPT = {
    # The signed token in the URL is the authority; RFC 8058 one-click unsubscribe
    # POSTs come from mail providers and carry no CSRF token.
    "deals:unsubscribe",
    # The read-only API: DRF exempts its views from the middleware and checks CSRF
    # itself for a signed-in browser (SessionAuthentication); a Bearer key carries no
    # cookie to forge. tests/api/test_api.py posts without the token and is refused.
    *(f"api:{p.name}" for p in api_urls.urlpatterns),
}


@dataclass(frozen=True)
class Write:
    url: Callable[[S], str]
    data: Callable[[S], dict[str, Any]]
    # What the write changes; compared before and after each POST.
    state: Callable[[S], Any]


def _round_data(s: S) -> dict[str, Any]:
    return {
        "company": s["company"].pk,
        "stage": "seed",
        "status": "pending",
        "amount_qualifier": "exact",
        "valuation_basis": "unknown",
        "valuation_qualifier": "exact",
        "investors-TOTAL_FORMS": "0",
        "investors-INITIAL_FORMS": "0",
    }


WRITES: dict[str, Write] = {
    "watch toggle": Write(
        url=lambda s: reverse("deals:watch_toggle", args=["company", s["company"].pk]),
        data=lambda s: {},
        state=lambda s: Watch.objects.count(),
    ),
    "company create": Write(
        url=lambda s: reverse("deals:company_create"),
        data=lambda s: {"name": "Csrf Robotics"},
        state=lambda s: Company.objects.count(),
    ),
    "company edit": Write(
        url=lambda s: reverse("deals:company_edit", args=[s["company"].slug]),
        data=lambda s: {"name": "Renamed", "country": "US"},
        state=lambda s: Company.objects.get(pk=s["company"].pk).name,
    ),
    "round create": Write(
        url=lambda s: reverse("deals:round_create"),
        data=_round_data,
        state=lambda s: Round.objects.count(),
    ),
    "milestone outcome": Write(
        url=lambda s: reverse("deals:milestone_outcome", args=[s["milestone"].pk]),
        data=lambda s: {"status": "occurred"},
        state=lambda s: Milestone.objects.get(pk=s["milestone"].pk).status,
    ),
    "proposal accept": Write(
        url=lambda s: reverse("deals:proposal_accept", args=[s["proposal"].pk]),
        data=lambda s: {},
        state=lambda s: Proposal.objects.get(pk=s["proposal"].pk).status,
    ),
    "proposal reject": Write(
        url=lambda s: reverse("deals:proposal_reject", args=[s["proposal"].pk]),
        data=lambda s: {},
        state=lambda s: Proposal.objects.get(pk=s["proposal"].pk).status,
    ),
    "article submit": Write(
        url=lambda s: reverse("deals:article_new"),
        data=lambda s: {"text": "Csrf Robotics raised $5 million in a seed round."},
        state=lambda s: Article.objects.count(),
    ),
    "feed add": Write(
        url=lambda s: reverse("deals:feed_list"),
        data=lambda s: {"url": "https://csrf.example/feed.xml", "poll_interval_minutes": "60"},
        state=lambda s: Feed.objects.count(),
    ),
    "history revert": Write(
        url=lambda s: reverse(
            "deals:history_revert", args=["company", s["company"].history.earliest().history_id]
        ),
        data=lambda s: {},
        state=lambda s: s["company"].history.count(),
    ),
    "prospect confirm": Write(
        url=lambda s: reverse("deals:participation_confirm", args=[s["prospect"].pk]),
        data=lambda s: {},
        state=lambda s: Participation.objects.get(pk=s["prospect"].pk).commitment,
    ),
    "prospect drop": Write(
        url=lambda s: reverse("deals:participation_drop", args=[s["prospect"].pk]),
        data=lambda s: {},
        state=lambda s: Participation.objects.filter(pk=s["prospect"].pk).exists(),
    ),
    "alert preferences": Write(
        url=lambda s: reverse("deals:preferences"),
        data=lambda s: {"mode": "digest"},
        state=lambda s: list(AlertPreference.objects.values_list("mode", flat=True)),
    ),
}


@pytest.fixture
def browser(editor) -> Client:
    """A client that checks CSRF the way a browser session is checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def _token(client: Client) -> str:
    return csrf_token_of(client.get(reverse("deals:dashboard")))


@pytest.fixture
def superuser_browser(db) -> Client:
    """Allowed everything, so only the CSRF check can refuse its POSTs."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True, role="editor"))
    return client


def test_exempt_list_is_exactly_the_exempt_views() -> None:
    exempt = {route.label for route in ROUTES if getattr(route.view, "csrf_exempt", False)}
    assert exempt == EXEMPT


@pytest.mark.parametrize("route", [r for r in ROUTES if r.label not in EXEMPT], ids=str)
def test_post_without_token_is_refused_on_every_url(
    superuser_browser: Client, sample: S, route: Route
) -> None:
    _token(superuser_browser)  # the session has a CSRF cookie; the POST omits the token
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = superuser_browser.post(route.path(sample), {"name": "x"}, **headers)
        assert response.status_code == 403, (route.label, response.status_code)
        assert b"CSRF" in response.content, route.label


@pytest.mark.parametrize("name", sorted(WRITES))
def test_htmx_post_without_token_is_refused(browser: Client, hostile_site: S, name: str) -> None:
    write = WRITES[name]
    _token(browser)
    before = write.state(hostile_site)
    response = browser.post(
        write.url(hostile_site), write.data(hostile_site), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert write.state(hostile_site) == before


@pytest.mark.parametrize("name", sorted(WRITES))
def test_htmx_post_with_token_from_hx_headers_succeeds(
    browser: Client, hostile_site: S, name: str
) -> None:
    write = WRITES[name]
    token = _token(browser)
    before = write.state(hostile_site)
    response = browser.post(
        write.url(hostile_site),
        write.data(hostile_site),
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code in (200, 302), response.status_code
    assert write.state(hostile_site) != before


def test_wrong_token_is_refused(browser: Client, hostile_site: S) -> None:
    _token(browser)
    before = Watch.objects.count()
    response = browser.post(
        reverse("deals:watch_toggle", args=["company", hostile_site["company"].pk]),
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN="x" * 64,
    )
    assert response.status_code == 403
    assert Watch.objects.count() == before


def test_logout_needs_the_token(db) -> None:
    user = UserFactory(role="analyst")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 403
    assert "_auth_user_id" in client.session
    token = _token(client)
    client.post(reverse("logout"), HTTP_X_CSRFTOKEN=token)
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.filter(pk=user.pk).exists()
