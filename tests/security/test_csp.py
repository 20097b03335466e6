"""The Content Security Policy: on every page, and no page needs more than it allows.

Pages are rendered from data whose text carries script and event-handler
payloads (hostile_site), so "no inline script, no on*= attribute" also checks
that user text is escaped wherever it is shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import csp_directives, parse

S = dict[str, Any]

# Every page an editor can open, with what it needs from hostile_site.
PAGES: dict[str, Callable[[S], str]] = {
    "dashboard": lambda s: reverse("deals:dashboard"),
    "rounds list": lambda s: reverse("deals:round_list") + "?q=Acme&sort=largest",
    "round": lambda s: reverse("deals:round_detail", args=[s["round"].pk]),
    "companies": lambda s: reverse("deals:company_list") + "?q=Acme",
    "company": lambda s: reverse("deals:company_detail", args=[s["company"].slug]),
    "investors": lambda s: reverse("deals:investor_list"),
    "investor": lambda s: reverse("deals:investor_detail", args=[s["investor"].slug]),
    "milestone": lambda s: reverse("deals:milestone_detail", args=[s["milestone"].pk]),
    "search": lambda s: reverse("deals:search") + "?q=Acme",
    "company form": lambda s: reverse("deals:company_edit", args=[s["company"].slug]),
    "new company": lambda s: reverse("deals:company_create"),
    "investor form": lambda s: reverse("deals:investor_edit", args=[s["investor"].slug]),
    "merge company": lambda s: reverse("deals:company_merge", args=[s["company"].slug]),
    "merge investor": lambda s: reverse("deals:investor_merge", args=[s["investor"].slug]),
    "delete company": lambda s: reverse("deals:company_delete", args=[s["company"].slug]),
    "delete investor": lambda s: reverse("deals:investor_delete", args=[s["investor"].slug]),
    "round form": lambda s: reverse("deals:round_edit", args=[s["round"].pk]),
    "new round": lambda s: reverse("deals:round_create"),
    "milestone form": lambda s: reverse("deals:milestone_edit", args=[s["milestone"].pk]),
    "history revert": lambda s: reverse(
        "deals:history_revert", args=["company", s["company"].history.earliest().history_id]
    ),
    "review queue": lambda s: reverse("deals:article_list"),
    "article": lambda s: reverse("deals:article_detail", args=[s["article"].pk]),
    "add article": lambda s: reverse("deals:article_new"),
    "proposal edit": lambda s: reverse("deals:proposal_edit", args=[s["proposal"].pk]),
    "feeds": lambda s: reverse("deals:feed_list"),
    "what to watch": lambda s: reverse("deals:what_to_watch"),
    "watchlist": lambda s: reverse("deals:watchlist"),
    "preferences": lambda s: reverse("deals:preferences"),
    "milestone outcome": lambda s: reverse("deals:milestone_outcome", args=[s["milestone"].pk]),
}


def _nonce(response: Any) -> str:
    (nonce,) = [
        src.removeprefix("'nonce-").removesuffix("'")
        for src in csp_directives(response)["script-src"]
        if src.startswith("'nonce-")
    ]
    return nonce


def test_policy_allows_no_inline_code_and_no_framing(editor_client: Client) -> None:
    response = editor_client.get(reverse("deals:dashboard"))
    policy = csp_directives(response)
    assert policy["script-src"][0] == "'self'" and len(policy["script-src"]) == 2
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    for directive in policy.values():
        assert "'unsafe-inline'" not in directive and "'unsafe-eval'" not in directive


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_runs_only_the_nonced_htmx_script(
    editor_client: Client, hostile_site: S, page: str
) -> None:
    response = editor_client.get(PAGES[page](hostile_site))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    nonce = _nonce(response)
    html = parse(response)
    scripts = html.named("script")
    assert scripts, "the htmx script is missing"
    for script in scripts:
        # External, from our own static files, and carrying this response's nonce.
        assert (script.attrs.get("src") or "").startswith("/static/"), script.attrs
        assert script.attrs.get("nonce") == nonce, script.attrs
    for tag in html.tags:
        handlers = [a for a in tag.attrs if a.startswith("on") or a.startswith("hx-on")]
        assert not handlers, (tag.name, tag.attrs)
        assert "style" not in tag.attrs, (tag.name, tag.attrs)
        for attr in ("href", "src", "action", "formaction"):
            value = (tag.attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag.name, tag.attrs)
    # The payloads are on the page, but only as text.
    assert b"<script>alert(1)</script>" not in response.content


def test_each_response_gets_a_fresh_nonce(editor_client: Client) -> None:
    first = editor_client.get(reverse("deals:dashboard"))
    second = editor_client.get(reverse("deals:dashboard"))
    assert _nonce(first) != _nonce(second)


def test_htmx_is_told_not_to_eval_or_inject_styles(editor_client: Client) -> None:
    response = editor_client.get(reverse("deals:dashboard"))
    (meta,) = [m for m in parse(response).named("meta") if m.attrs.get("name") == "htmx-config"]
    config = json.loads(meta.attrs["content"] or "{}")
    assert config == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }


def test_htmx_fragments_and_the_login_page_carry_the_policy(
    client: Client, editor_client: Client, hostile_site: S
) -> None:
    fragment = editor_client.get(reverse("deals:search") + "?q=Acme", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "script-src 'self'" in fragment["Content-Security-Policy"]
    assert b"<script>alert(1)</script>" not in fragment.content
    login = client.get(reverse("login"))
    assert "frame-ancestors 'none'" in login["Content-Security-Policy"]
    assert all(s.attrs.get("nonce") == _nonce(login) for s in parse(login).named("script"))
