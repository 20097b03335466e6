"""An editor enters a round with two investors added inline; an analyst sees no edit buttons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from deals.models import Investor, Round

from ..factories import CompanyFactory, InvestorFactory, RoundFactory, UserFactory
from .conftest import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WRITE_LINKS = "a[href*='/edit/'], a[href*='/new/']"


def test_editor_creates_a_round_with_two_investors_added_inline(page: Page) -> None:
    company = CompanyFactory(name="Nimbus Robotics", slug="nimbus-robotics")
    InvestorFactory(name="Existing Ventures", slug="existing-ventures")
    editor = UserFactory(role="editor")
    announced = timezone.localdate() - dt.timedelta(days=3)

    log_in(page, username=editor.username)
    page.goto(reverse("deals:round_create") + f"?company={company.slug}")
    page.select_option("#id_stage", "series_b")
    page.select_option("#id_status", "completed")
    page.fill("#id_amount", "25000000")
    page.fill("#id_currency", "EUR")
    page.fill("#id_announced_on", announced.isoformat())

    page.fill("#id_investors-0-name", "Existing Ventures")
    page.check("#id_investors-0-lead")
    # HTMX appends the second row in place; the page does not reload.
    page.click("#add-investor")
    second = page.locator("#id_investors-1-name")
    expect(second).to_be_visible()
    expect(page.locator("#id_investors-TOTAL_FORMS")).to_have_value("2")
    second.fill("Brand New Capital")
    page.get_by_role("button", name="Save round").click()
    page.wait_for_url(lambda url: "/rounds/new/" not in url)

    round_ = Round.objects.get(company=company)
    assert (round_.stage, round_.amount, round_.currency) == (
        "series_b",
        Decimal("25000000"),
        "EUR",
    )
    assert round_.amount_usd_source == "converted" and round_.amount_usd > 0
    investors = dict(round_.participations.values_list("investor__name", "lead"))
    assert investors == {"Existing Ventures": True, "Brand New Capital": False}
    assert Investor.objects.filter(name="Brand New Capital").count() == 1

    page.goto(reverse("deals:company_detail", kwargs={"slug": company.slug}))
    timeline = page.locator("#timeline")
    entry = timeline.locator("li", has=page.locator(f"a[href='{round_.get_absolute_url()}']"))
    expect(entry).to_contain_text("Series B")
    expect(entry).to_contain_text("Existing Ventures (lead)")
    expect(entry).to_contain_text("Brand New Capital")
    # The editor sees write links here: the analyst check below is not vacuous.
    assert page.locator(WRITE_LINKS).count() > 0
    save_screenshot(page, "company-page.png")


def test_analyst_finds_no_edit_buttons(page: Page) -> None:
    round_ = RoundFactory(company=CompanyFactory(name="Nimbus Robotics", slug="nimbus-robotics"))
    analyst = UserFactory(role="analyst")

    log_in(page, username=analyst.username)
    pages = [
        reverse("deals:dashboard"),
        reverse("deals:company_detail", kwargs={"slug": round_.company.slug}),
        round_.get_absolute_url(),
    ]
    for url in pages:
        page.goto(url)
        expect(page.locator("main")).to_be_visible()
        assert page.locator(WRITE_LINKS).count() == 0, f"write link for an analyst on {url}"
    expect(page.locator(".who")).to_contain_text("analyst")
    save_screenshot(page, "analyst-round-page.png")
