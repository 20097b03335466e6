"""A tour of every page, as an analyst and as an editor, at desktop and phone width.

The pages come from the URL conf through the permission matrix (every URL the role
may GET), so a new page is toured without editing this file; what is not a page
(a feed, a calendar, an HTMX fragment) is told apart by what it answers. Each page
is checked for what a person would notice (an error, no heading, a sideways
scroll on a phone, a console error or CSP violation) and saved as a
viewport-sized screenshot in artifacts/tour/ for a human to look over.

One demo load serves the whole tour (it is the slow part); each role and width
gets one browser context, signed in once. Figures (pages and seconds) go to
artifacts/tour/index.txt and stdout, never into an assert.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Page

from deals.models import Article, Company, Investor, Proposal

from ..factories import FeedFactory, UserFactory, WatchFactory
from ..permission_matrix import readable_urls
from .conftest import ARTIFACTS, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOUR = ARTIFACTS / "tour"
ROLES = ("analyst", "editor")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Text a person would take for a broken page: a debug or error page, a template
# tag or a missing value rendered as is.
BROKEN_TEXT = re.compile(
    r"Traceback|Server Error|Something went wrong|TemplateSyntaxError|NoReverseMatch"
    r"|\{\{|\{%|\bNone\b|\bnan\b|\bundefined\b"
)
OVERFLOW_JS = "document.documentElement.scrollWidth - window.innerWidth"
# Pages known to scroll sideways on a phone, by URL name (none today). Strict: a
# page listed here that no longer overflows fails the tour until it is taken off.
OVERFLOW_EXPECTED: set[str] = set()


@dataclass
class Visit:
    role: str
    width: str
    name: str
    path: str
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _demo_sample() -> dict[str, Any]:
    """Load the demo data and pick, for each URL kwarg the matrix needs, the richest
    row: DeepSeek (the seed story), its round and milestone, the busiest investor,
    an article waiting for review."""
    call_command("load_demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())
    company = Company.objects.get(name="DeepSeek")
    proposal = Proposal.objects.filter(status="pending").order_by("pk").first()
    assert proposal is not None, "the demo leaves proposals waiting for review"
    return {
        "company": company,
        "investor": Investor.objects.annotate(n=Count("participations")).latest("n", "pk"),
        "round": company.rounds.order_by("pk").first(),
        "milestone": company.milestones.order_by("date_start", "pk").first(),
        "article": Article.objects.get(pk=proposal.article_id),
        "proposal": proposal,
        "feed": FeedFactory(url="https://news.example/funding.xml"),
        # The source whose dated plans the seed story's milestones cite.
        "source_domain": company.milestones.exclude(citations__article__domain="")
        .values_list("citations__article__domain", flat=True)
        .first(),
    }


def _pages(user: Any, role: str, sample: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """The URLs `role` may read that answer a whole HTML document, and a line for
    each one left out: a feed, a calendar or an HTMX fragment is not a page."""
    client = Client()
    client.force_login(user)
    pages, left_out = [], []
    for name, path in readable_urls(role, sample):
        response = client.get(path)
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            left_out.append(f"{role:8} not a page: {path} {name} ({content_type})")
        elif response.content.lstrip()[:15].lower() != b"<!doctype html>":
            left_out.append(f"{role:8} not a page: {path} {name} (an HTML fragment)")
        else:
            pages.append((name, path))
    assert pages, f"no page for {role} among {readable_urls(role, sample)}"
    return pages, left_out


def _look(page: Page, visit: Visit, console: list[str]) -> None:
    """Open the page and note what a person would notice."""
    console.clear()
    started = time.perf_counter()
    response = page.goto(visit.path)
    visit.seconds = time.perf_counter() - started
    if response is None or response.status != 200:
        visit.problems.append(f"status {response.status if response else 'none'}")
    text = page.locator("body").inner_text()
    if broken := BROKEN_TEXT.search(text):
        visit.problems.append(f"shows {broken.group(0)!r}")
    headings = page.locator("h1")
    if headings.count() != 1 or not headings.first.inner_text().strip():
        visit.problems.append(f"{headings.count()} <h1> (one with text expected)")
    if visit.width == "phone":
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow > 1 and visit.name not in OVERFLOW_EXPECTED:
            visit.problems.append(f"scrolls sideways by {overflow}px")
        if overflow <= 1 and visit.name in OVERFLOW_EXPECTED:
            visit.problems.append("fits a phone now: take it off OVERFLOW_EXPECTED")
    visit.problems += [f"console: {line}" for line in console]
    page.screenshot(path=str(TOUR / f"{visit.role}-{visit.width}-{visit.name}.png"))


def _tour(
    browser: Browser, base_url: str, role: str, width: str, pages: list[tuple[str, str]]
) -> list[Visit]:
    context = browser.new_context(base_url=base_url, viewport=WIDTHS[width])
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # CSP violations and failed loads (a missing static file) are logged as errors.
        if message.type == "error":
            console.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    visits = [Visit(role, width, "login", reverse("login"))]
    _look(page, visits[0], console)
    log_in(page, username=role)
    for name, path in pages:
        visits.append(Visit(role, width, name, path))
        _look(page, visits[-1], console)
    context.close()
    return visits


def test_every_page_reads_well_at_desktop_and_phone_width(browser: Browser, live_server) -> None:
    started = time.perf_counter()
    sample = _demo_sample()
    seeded = time.perf_counter() - started
    TOUR.mkdir(parents=True, exist_ok=True)
    visits: list[Visit] = []
    left_out: list[str] = []
    for role in ROLES:
        user = UserFactory(username=role, role=role)
        # Their watchlist shows what a watcher sees, not the empty state.
        WatchFactory(user=user, company=sample["company"])
        WatchFactory(user=user, milestone=sample["milestone"])
        pages, skipped = _pages(user, role, sample)
        left_out += skipped
        for width in WIDTHS:
            visits += _tour(browser, live_server.url, role, width, pages)

    total = time.perf_counter() - started
    lines = [f"{v.role:8} {v.width:8} {v.seconds:5.2f}s {v.path:40} {v.name}" for v in visits]
    summary = (
        f"{len(visits)} page views ({len({v.name for v in visits})} pages) in {total:.1f}s, "
        f"of which the demo load {seeded:.1f}s"
    )
    (TOUR / "index.txt").write_text("\n".join([*lines, *left_out, summary, ""]))
    print(summary)
    problems = [f"{v.role} {v.width} {v.path}: {p}" for v in visits for p in v.problems]
    assert not problems, "\n".join(problems)
