"""Pages whose company, investor and article text carry script payloads, loaded in
chromium: no dialog opens, no script error or CSP violation is logged, and the
hx-* payload never turns into a live request."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Dialog, Page, Request

from ..factories import UserFactory, WatchFactory
from ..security.payloads import build_hostile_site
from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Watcher:
    """What the page did that injected code would make it do."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", self._request)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        # A CSP violation is logged as an error too: that would mean something tried.
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def assert_clean(self) -> None:
        assert self.dialogs == []
        assert self.errors == []
        # The <img src=x> payload would fetch /x; the hx-get payload would fetch /admin/.
        assert not [u for u in self.requests if u.endswith("/x") or "/admin/" in u]


def _pages(site: dict[str, Any]) -> list[str]:
    return [
        reverse("deals:dashboard"),
        reverse("deals:company_detail", args=[site["company"].slug]),
        reverse("deals:investor_detail", args=[site["investor"].slug]),
        reverse("deals:round_detail", args=[site["round"].pk]),
        reverse("deals:milestone_detail", args=[site["milestone"].pk]),
        reverse("deals:round_list") + "?q=Acme",
        reverse("deals:company_list"),
        reverse("deals:investor_list"),
        reverse("deals:search") + "?q=Acme",
        reverse("deals:article_list"),
        reverse("deals:article_detail", args=[site["article"].pk]),
        reverse("deals:proposal_edit", args=[site["proposal"].pk]),
        reverse("deals:feed_list"),
        reverse("deals:what_to_watch"),
        reverse("deals:company_edit", args=[site["company"].slug]),
    ]


def test_no_payload_runs_on_any_page(page: Page) -> None:
    site = build_hostile_site()
    editor = UserFactory(role="editor")
    watcher = Watcher(page)
    log_in(page, username=editor.username)
    for url in _pages(site):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        # The payload is on the page as text, proving it was rendered at all.
        assert "alert(1)" in page.content(), url
    watcher.assert_clean()


def test_payloads_swapped_in_by_htmx_stay_text(page: Page) -> None:
    build_hostile_site()
    editor = UserFactory(role="editor")
    watcher = Watcher(page)
    log_in(page, username=editor.username)
    page.goto(reverse("deals:dashboard"))
    # Search as you type: the results fragment names the hostile company and investor.
    box = page.locator("form.topsearch input[name=q]")
    box.fill("Acme")
    page.locator("#search-results").get_by_text("alert(1)", exact=False).first.wait_for()
    box.fill("Evil")
    page.wait_for_load_state("networkidle")
    # And the rounds list filter, which swaps the table in place.
    page.goto(reverse("deals:round_list"))
    page.locator("input[name=q]").first.fill("Acme")
    page.wait_for_load_state("networkidle")
    page.locator("#rounds-table").get_by_text("alert(1)", exact=False).first.wait_for()
    watcher.assert_clean()


def test_watched_hostile_names_stay_text(page: Page) -> None:
    """Lists of watched things (built by template tags, not templates) hold the hostile
    company, investor and milestone names; so does the toggle HTMX swaps in."""
    site = build_hostile_site()
    editor = UserFactory(role="editor")
    for target in ("company", "investor", "milestone"):
        WatchFactory(user=editor, **{target: site[target]})
    watcher = Watcher(page)
    log_in(page, username=editor.username)
    for url in (
        reverse("deals:watchlist"),
        reverse("deals:dashboard"),
        reverse("deals:what_to_watch") + "?watched=on&days=365",
        reverse("deals:preferences"),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        watcher.assert_clean()
    page.goto(reverse("deals:watchlist"))
    for section in ("companies", "investors", "milestones"):
        assert "alert(1)" in page.locator(f"#watched-{section}").inner_text(), section
    # Unwatch and watch again: each swap brings the name back in the button's title, where
    # the investor's '"><img' would break out of an unescaped attribute.
    toggle = f"#watch-investor-{site['investor'].pk}"
    page.locator(toggle).click()
    page.locator(f"{toggle}[aria-pressed=false]").wait_for()
    page.locator(toggle).click()
    page.locator(f"{toggle}[aria-pressed=true]").wait_for()
    assert page.locator(toggle).get_attribute("title") == f"Stop watching {site['investor'].name}"
    page.wait_for_load_state("networkidle")
    watcher.assert_clean()
