"""Context processors run on error pages too, for requests refused before any user is known."""

import pytest
from django.test import Client, RequestFactory

from deals.context_processors import roles

from .factories import UserFactory


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/rounds/feed.atom?key=x"])
def test_host_not_allowed_is_a_400(db, path: str) -> None:
    response = Client(HTTP_HOST="evil.example").get(path)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_body_over_the_limit_is_a_400(db, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client()
    client.force_login(UserFactory(role="editor"))
    response = client.post("/companies/new/", {"name": "x" * 5000})
    assert response.status_code == 400


def test_roles_without_a_user_cannot_edit() -> None:
    assert roles(RequestFactory().get("/")) == {"can_edit": False}
