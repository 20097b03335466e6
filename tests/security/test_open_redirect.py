"""?next= after a login only ever leads to a page of this site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ..factories import CompanyFactory, UserFactory

OFF_SITE = [
    "https://evil.example/",
    "http://evil.example/phish",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "///evil.example/",
    "javascript:alert(1)",
    " https://evil.example/",
    "https://testserver@evil.example/",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_redirects_off_site(client: Client, db, target: str) -> None:
    UserFactory(username="reader", role="analyst")
    url = reverse("login")
    # In the query string (as @login_required builds it) and in the form's hidden field.
    response = client.post(
        f"{url}?next={target}", {"username": "reader", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deals:dashboard")
    client.logout()
    response = client.post(
        url, {"username": "reader", "password": "correct-horse-battery", "next": target}
    )
    assert response["Location"] == reverse("deals:dashboard")


def test_login_follows_a_next_on_this_site(client: Client, db) -> None:
    UserFactory(username="reader", role="analyst")
    target = reverse("deals:round_list") + "?stage=seed"
    response = client.post(
        reverse("login"),
        {"username": "reader", "password": "correct-horse-battery", "next": target},
    )
    assert response["Location"] == target


def test_login_page_renders_a_hostile_next_escaped(client: Client, db) -> None:
    response = client.get(reverse("login") + '?next="><script>alert(1)</script>')
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_watch_toggle_next_stays_on_site(analyst_client: Client, db, target: str) -> None:
    company = CompanyFactory()
    response = analyst_client.post(
        reverse("deals:watch_toggle", args=["company", company.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deals:watchlist")


def test_logout_ignores_an_off_site_next(analyst_client: Client) -> None:
    response = analyst_client.post(reverse("logout") + "?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
