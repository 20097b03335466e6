"""Browser tests: Playwright's sync API driving Debian's chromium, headless.

The browser is the system one (/usr/bin/chromium, from the `chromium` package
that .ci/run installs); Playwright is never asked to download its own. A
missing chromium fails the run rather than skipping it, so CI cannot go green
without these tests having run.

Tests here use pytest-django's `live_server`, which needs
`@pytest.mark.django_db(transaction=True, serialized_rollback=True)`: the
server thread must see the test's rows, and the serialized rollback puts back
what migrations created (the analyst and editor groups) after the flush.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread, and Django refuses
# ORM calls from a thread with a running loop unless told it is safe. It is here:
# the loop only waits on the browser, it never runs Django code concurrently.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# The password UserFactory gives every user.
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _roles_exist(transactional_db) -> None:
    """The role groups come from a data migration, which a transactional test's flush
    empties; the serialized rollback should restore them but does not in every
    session layout (with --reuse-db, or after other tests), so make sure here."""
    from django.contrib.auth.models import Group

    from deals.permissions import ROLES

    for name in ROLES:
        Group.objects.get_or_create(name=name)


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context (no cookies) pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page: Page, *, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form, as a person would."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
