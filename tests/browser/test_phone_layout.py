"""At a phone's width (390 px) the pages fit: nothing scrolls sideways.

Each page is opened at 390 px and at a desktop width, checked for horizontal
overflow (the document no wider than the viewport) and saved to artifacts/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from deals.services.watching import alert_preference_get

from ..factories import (
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
    UserFactory,
)
from .conftest import ARTIFACTS, log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _site() -> dict[str, Any]:
    """Rounds with the long names, amounts and investor lists that stretch a table."""
    today = timezone.localdate()
    deepseek = CompanyFactory(name="DeepSeek", slug="deepseek", country="CN")
    duplicate = CompanyFactory(name="DeepSeek AI", slug="deepseek-2", country="CN")
    RoundFactory(company=duplicate, stage="seed")
    names = [
        "Hangzhou DeepSeek Artificial Intelligence Basic Technology Research",
        "Contemporary Amperex Technology Co. Limited",
        "Nimbus Robotics",
    ]
    investors = [
        InvestorFactory(name=n)
        for n in ("Sequoia Capital China", "Hillhouse Investment", "Tencent Holdings", "CATL")
    ]
    for i, name in enumerate(names * 4):
        company = deepseek if i == 0 else CompanyFactory(name=name, country="CN")
        round_ = RoundFactory(
            company=company,
            amount=Decimal("50000000000"),
            currency="CNY",
            amount_usd=Decimal("7000000000"),
            amount_usd_source="converted",
            announced_on=today - dt.timedelta(days=i),
            status="pending" if i % 3 else "completed",
        )
        for j, investor in enumerate(investors):
            ParticipationFactory(round=round_, investor=investor, lead=j == 0)
        MilestoneFactory(
            company=company, title=f"{name} opens its second gigafactory in Debrecen, Hungary"
        )
    return {"company": deepseek, "investor": investors[0]}


def _fits(page: Page) -> None:
    scroll_width, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= viewport, f"{page.url}: {scroll_width}px wide in a {viewport}px viewport"


PAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "dashboard": lambda s: reverse("deals:dashboard"),
    "rounds": lambda s: reverse("deals:round_list") + "?country=CN",
    "preferences": lambda s: reverse("deals:preferences"),
    "company": lambda s: reverse("deals:company_detail", args=["deepseek"]),
    "investor": lambda s: reverse("deals:investor_detail", args=[s["investor"].slug]),
    "merge-choose": lambda s: reverse("deals:company_merge", args=["deepseek-2"]),
    "merge": lambda s: reverse("deals:company_merge", args=["deepseek-2"]) + "?into=deepseek",
    "delete": lambda s: reverse("deals:company_delete", args=["deepseek"]),
}


@pytest.fixture
def sized_page(browser: Browser, live_server) -> Iterator[Callable[[dict[str, int]], Page]]:
    contexts = []

    def open_page(viewport: dict[str, int]) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("label", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_pages_fit_the_screen_without_sideways_scrolling(sized_page, label, viewport) -> None:
    site = _site()
    editor = UserFactory(role="editor")
    alert_preference_get(user=editor)  # the private feed addresses, the longest text
    page = sized_page(viewport)
    log_in(page, username=editor.username)
    for name, url in PAGES.items():
        page.goto(url(site))
        save_screenshot(page, f"layout-{name}-{label}.png")
        page.screenshot(path=str(ARTIFACTS / f"layout-{name}-{label}-top.png"))
        _fits(page)


def test_round_tables_stack_on_a_phone_with_their_labels(sized_page) -> None:
    site = _site()
    page = sized_page(PHONE)
    log_in(page, username=UserFactory(role="analyst").username)
    tables = {
        reverse("deals:round_list"): "#rounds-table",
        reverse("deals:dashboard"): ".dashboard-grid",
        reverse("deals:investor_detail", args=[site["investor"].slug]): "#led",
    }
    for url, where in tables.items():
        page.goto(url)
        first = page.locator(f"{where} tbody tr").first
        # Stacked: each cell is a line of its own, labelled by its column.
        amount = first.locator("td[data-label='Amount']")
        expect(amount).to_be_visible()
        company = first.locator("td[data-label='Company']")
        assert amount.bounding_box()["y"] > company.bounding_box()["y"], url
        label = amount.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Amount"', url
        _fits(page)


def test_copy_button_copies_the_feed_address(sized_page) -> None:
    _site()
    analyst = UserFactory(role="analyst")
    token = alert_preference_get(user=analyst).calendar_token
    page = sized_page(PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, username=analyst.username)

    page.goto(reverse("deals:preferences"))
    button = page.locator("button[data-copy='#calendar-url']")
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.endswith(reverse("deals:calendar_feed", kwargs={"token": token}))

    # The rounds list's subscribe address follows the filters HTMX applies.
    page.goto(reverse("deals:round_list"))
    page.select_option("#id_stage", "series_a")
    link = page.locator("#rounds-feed-url")
    expect(link).to_have_attribute("href", re.compile(r"stage=series_a"))
    page.locator("button[data-copy='#rounds-feed-url']").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "stage=series_a" in copied and f"key={token}" in copied
