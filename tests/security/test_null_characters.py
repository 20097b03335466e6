"""A NUL byte anywhere a client can put one (the path, a query parameter, a form
value) is a 400 or 404 on every URL of the site, never a 500: PostgreSQL refuses
text holding NUL, so one reaching a query used to fail the request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ..factories import UserFactory
from ..urlconf import Route, routes

ROUTES = routes()
# Parameters the views read (feed keys, form presets, search, return paths) and one
# they do not: the NUL is refused whichever it is in.
PARAMETERS = ("key", "company", "q", "next", "token", "index", "anything")
REFUSED = (400, 404)


@pytest.fixture
def superuser_client(db) -> Client:
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True, role="editor"))
    return client


def test_the_walk_covers_the_product_and_the_admin() -> None:
    labels = {route.label for route in ROUTES}
    assert {"deals:calendar_feed", "deals:rounds_feed", "login", "admin:index"} <= labels


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.label)
def test_nul_in_path_query_or_form_is_refused(
    superuser_client: Client, sample: dict[str, Any], route: Route
) -> None:
    path = route.path(sample)
    nul_path = route.path_with_nul(sample)
    assert superuser_client.get(nul_path).status_code in REFUSED, nul_path
    for name in PARAMETERS:
        response = superuser_client.get(path, {name: "a\x00b"})
        assert response.status_code in REFUSED, (path, name, response.status_code)
    response = superuser_client.post(path, dict.fromkeys((*PARAMETERS, "name"), "a\x00b"))
    assert response.status_code in REFUSED, (path, response.status_code)


def test_the_refusal_says_why(superuser_client: Client, sample: dict[str, Any]) -> None:
    response = superuser_client.get("/calendar/%00.ics")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


def test_nul_without_a_login_is_refused_too(db) -> None:
    client = Client()
    for url in ("/calendar/%00.ics", "/alerts/feed.atom?key=%00", "/rounds/feed.atom?key=%00"):
        assert client.get(url).status_code == 400, url
