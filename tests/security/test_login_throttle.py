"""django-axes through the real login view: five wrong passwords lock one username
on one address out for AXES_COOLOFF_TIME, with a clear page and status 429."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ..factories import UserFactory

PASSWORD = "correct-horse-battery"  # UserFactory's


def _login(client: Client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _fail(client: Client, username: str, times: int, ip: str = "203.0.113.7") -> list[int]:
    return [_login(client, username, "wrong-password", ip).status_code for _ in range(times)]


@pytest.fixture
def victim(db):
    return UserFactory(username="victim", role="analyst")


def test_limit_and_cooloff_are_configured() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_four_failures_still_show_the_form(client: Client, victim) -> None:
    assert _fail(client, "victim", 4) == [200] * 4
    response = _login(client, "victim", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_five_failures_lock_out_with_a_clear_page(client: Client, victim) -> None:
    statuses = _fail(client, "victim", 5)
    assert statuses[:4] == [200] * 4 and statuses[4] == 429
    response = _login(client, "victim", "wrong-password")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many login attempts" in text
    assert "Try again in 15 minutes" in text
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_right_password_is_refused_until_the_cooloff_ends(client: Client, victim) -> None:
    _fail(client, "victim", 5)
    response = _login(client, "victim", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        response = _login(client, "victim", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("deals:dashboard")
        assert "_auth_user_id" in client.session


def test_an_attempt_during_the_lockout_restarts_the_cooloff(client: Client, victim) -> None:
    # Axes' default: someone still guessing stays locked out however long they keep at it.
    _fail(client, "victim", 5)
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert _login(client, "victim", "still-guessing").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert _login(client, "victim", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16 + 16), tick=False):
        assert _login(client, "victim", PASSWORD).status_code == 302


def test_another_user_is_not_locked(client: Client, victim) -> None:
    UserFactory(username="colleague", role="editor")
    _fail(client, "victim", 5)
    response = _login(client, "colleague", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_same_user_from_another_address_is_not_locked(client: Client, victim) -> None:
    # Keyed on username and address together: a guesser elsewhere cannot lock the user out.
    _fail(client, "victim", 5, ip="203.0.113.7")
    assert _login(client, "victim", PASSWORD, ip="198.51.100.20").status_code == 302


def test_a_successful_login_resets_the_count(client: Client, victim) -> None:
    _fail(client, "victim", 4)
    assert _login(client, "victim", PASSWORD).status_code == 302
    client.logout()
    assert _fail(client, "victim", 4) == [200] * 4
