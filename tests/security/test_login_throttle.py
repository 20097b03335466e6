"""django-axes through the real login view: five wrong passwords lock one username
on one address out for AXES_COOLOFF_TIME, with a clear page and status 429; twenty
from one address, across any usernames, lock that address out. Behind trusted
proxies the client's address is read from X-Forwarded-For, and only then."""

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


def _login(client: Client, username: str, password: str, ip: str = "203.0.113.7", **meta: str):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **meta
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


# --- per address ---------------------------------------------------------------------


def test_address_limit_is_configured() -> None:
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    assert settings.AXES_HANDLER == "deals.throttle.AddressCappedHandler"


def _spray(client: Client, usernames: list[str], each: int, ip: str = "203.0.113.7") -> list[int]:
    """`each` wrong passwords per username, round-robin, as a password sprayer would."""
    return [
        _login(client, name, "wrong-password", ip).status_code
        for _ in range(each)
        for name in usernames
    ]


def test_failures_across_usernames_from_one_address_are_capped(client: Client, victim) -> None:
    names = [f"guess{n}" for n in range(5)]
    # 20 failures, never more than 4 for one username: only the address cap can stop them.
    statuses = _spray(client, names, 4)
    assert statuses[:19] == [200] * 19 and statuses[19] == 429
    # The address is locked for everyone on it, whatever the username...
    response = _login(client, "victim", PASSWORD)
    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode()
    # ...and only that address.
    assert _login(Client(), "victim", PASSWORD, ip="198.51.100.20").status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        assert _login(client, "victim", PASSWORD).status_code == 302


def test_a_valid_login_does_not_reset_the_address_count(client: Client, victim) -> None:
    names = [f"guess{n}" for n in range(4)]
    assert _spray(client, names, 4) == [200] * 16
    assert _login(client, "victim", PASSWORD).status_code == 302  # the attacker's own account
    client.logout()
    assert _spray(client, ["guess9"], 4) == [200, 200, 200, 429]


# --- behind proxies ------------------------------------------------------------------

PROXY = "10.0.0.2"


@pytest.fixture
def one_trusted_proxy(settings):
    """What TRUSTED_PROXY_COUNT=1 sets (checked in test_trusted_proxy_count_settings)."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_PROXY_ORDER = "left-most"


def _via_proxy(client: Client, username: str, password: str, forwarded: str):
    return _login(client, username, password, PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_a_trusted_proxy_clients_are_told_apart(
    client: Client, victim, one_trusted_proxy
) -> None:
    for _ in range(5):
        _via_proxy(client, "victim", "wrong-password", "198.51.100.1")
    assert _via_proxy(client, "victim", PASSWORD, "198.51.100.1").status_code == 429
    # Another client behind the same proxy is not locked out with the first.
    assert _via_proxy(Client(), "victim", PASSWORD, "198.51.100.2").status_code == 302


def test_a_client_cannot_choose_its_address_through_the_header(
    client: Client, victim, one_trusted_proxy
) -> None:
    # The proxy appends the real address to whatever the client sent: a forged entry
    # makes the chain too long, and the forger is not counted as its victim's address.
    for n in range(5):
        _via_proxy(client, "victim", "wrong-password", f"198.51.100.1, 203.0.113.{n}")
    assert _via_proxy(Client(), "victim", PASSWORD, "198.51.100.1").status_code == 302


def test_without_trusted_proxies_the_header_is_ignored(client: Client, victim) -> None:
    for n in range(5):
        _via_proxy(client, "victim", "wrong-password", f"198.51.100.{n}")
    # All five came from the proxy's address: the header did not spread them out.
    assert _via_proxy(Client(), "victim", PASSWORD, "198.51.100.9").status_code == 429
