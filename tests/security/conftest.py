"""Fixtures and HTML helpers shared by the security tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.http import HttpResponse

from .payloads import build_hostile_site


@dataclass
class Tag:
    name: str
    attrs: dict[str, str | None]


class Page(HTMLParser):
    """Every start tag of a page, with its attributes, as the browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def named(self, name: str) -> list[Tag]:
        return [t for t in self.tags if t.name == name]


def parse(response: HttpResponse) -> Page:
    page = Page()
    page.feed(response.content.decode())
    page.close()
    return page


def csp_directives(response: HttpResponse) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def csrf_token_of(response: HttpResponse) -> str:
    """The token HTMX sends: the X-CSRFToken of the <body hx-headers> attribute."""
    (body,) = parse(response).named("body")
    return json.loads(body.attrs["hx-headers"] or "{}")["X-CSRFToken"]


@pytest.fixture
def hostile_site(db) -> dict[str, Any]:
    return build_hostile_site()
