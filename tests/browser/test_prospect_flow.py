"""The demo's seed story in a browser: CATL is considering DeepSeek's round, on the round
page and the company page; an editor confirms it in place (HTMX) and it becomes an
investor. Screenshots of both pages land in artifacts/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from deals.models import Participation, Round

from ..factories import UserFactory
from .conftest import PASSWORD, log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_catl_is_considering_on_the_demo_pages_until_an_editor_confirms_it(page: Page) -> None:
    call_command("load_demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())
    round_ = Round.objects.get(company__slug="deepseek")
    editor = UserFactory(role="editor", password=PASSWORD)
    log_in(page, username=editor.username, password=PASSWORD)

    page.goto(round_.company.get_absolute_url())
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("CATL (considering)")
    expect(page.locator("#raised")).to_contain_text("CATL considering not invested yet")
    save_screenshot(page, "prospect-company-deepseek.png")

    page.goto(round_.get_absolute_url())
    investors = page.locator("#investors")
    expect(investors).to_contain_text("No investors recorded.")
    expect(investors.locator(".badge.prospect")).to_have_text("considering")
    save_screenshot(page, "prospect-round-deepseek.png")

    page.get_by_role("button", name="Confirm as investor").click()
    expect(investors).to_contain_text("Confirmed CATL as an investor.")
    expect(investors).not_to_contain_text("In talks or considering")
    # Swapped in place: the page's flash-message list was never reloaded.
    expect(page.locator("#messages")).to_have_count(0)
    assert Participation.objects.get(round=round_).commitment == "confirmed"
    save_screenshot(page, "prospect-round-deepseek-confirmed.png")
