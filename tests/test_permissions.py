"""Walks every URL pattern of the product through the roles matrix.

A new URL without an entry in tests/permission_matrix/ fails the first test,
so no view can ship without its access rules being stated and checked.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from .factories import UserFactory
from .permission_matrix import MATRIX, deals_url_names
from .permission_matrix.entries import LOGIN


def test_every_url_has_a_permission_entry() -> None:
    missing = sorted(deals_url_names() - set(MATRIX))
    assert not missing, f"URL patterns without a permission matrix entry: {missing}"
    stale = sorted(set(MATRIX) - deals_url_names())
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


def _client(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(UserFactory(role=role))
    return client


def _check(response: Any, expected: Any) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("login")), response["Location"]
    elif expected is None:
        assert response.status_code == 405, response.status_code
    else:
        assert response.status_code == expected, (response.status_code, expected)


CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name, entry in sorted(MATRIX.items())
    if entry.why != "skip"
    for role in ("anonymous", "analyst", "editor")
    for method in ("GET", "POST")
]


@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_role_gets_expected_status(sample, name: str, role: str, method: str) -> None:
    entry = MATRIX[name]
    url = reverse(f"deals:{name}", kwargs=entry.kwargs(sample))
    expected = getattr(entry, role)[0 if method == "GET" else 1]
    client = _client(role)
    response = client.get(url) if method == "GET" else client.post(url, {})
    _check(response, expected)
