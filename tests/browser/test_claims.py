"""Reports that differ in a browser: two written articles pasted and accepted, the round
page shows both versions beside the accepted value, an editor picks one, and the company
timeline marks the round. Screenshots at desktop and phone width land in artifacts/claims/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from deals.services.proposals import proposal_accept

from ..claims.articles import LEDGER, LEDGER_DAY, WIRE, WIRE_DAY, ingest
from ..factories import UserFactory
from .conftest import ARTIFACTS, PASSWORD, log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}


def test_editor_sees_differing_reports_and_picks_one(page: Page) -> None:
    editor = UserFactory(role="editor", password=PASSWORD)
    wire = ingest(WIRE, title="Qinghe raises", publisher="example-wire.com", published_at=WIRE_DAY)
    round_ = proposal_accept(proposal=wire.proposals.get(kind="round"), user=editor)
    ledger = ingest(
        LEDGER, title="Qinghe closes", publisher="dailyledger.example", published_at=LEDGER_DAY
    )
    proposal_accept(proposal=ledger.proposals.get(kind="round"), user=editor)
    (ARTIFACTS / "claims").mkdir(parents=True, exist_ok=True)
    log_in(page, username=editor.username, password=PASSWORD)

    page.goto(round_.company.get_absolute_url())
    mark = page.locator("#timeline .badge.differ")
    expect(mark).to_have_text("Reports differ")
    save_screenshot(page, "claims/company-timeline-desktop.png")

    page.goto(round_.get_absolute_url())
    reports = page.locator("#reports")
    amount = reports.locator("#reports-amount")
    expect(amount).to_contain_text("example-wire.com, 3 Dec: CN¥5 billion (accepted)")
    expect(amount).to_contain_text("dailyledger.example, 5 Dec: CN¥6 billion")
    ledger_report = amount.locator("li.claim", has_text="dailyledger.example")
    ledger_report.locator("summary").click()
    expect(ledger_report.locator("blockquote")).to_contain_text("said it raised 6 billion yuan")
    save_screenshot(page, "claims/round-reports-desktop.png")

    page.set_viewport_size(PHONE)
    page.reload()
    page.locator("#reports-valuation li.claim").first.locator("summary").click()
    # Nothing scrolls sideways at a phone's width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    save_screenshot(page, "claims/round-reports-phone.png")

    page.locator("#reports-amount li.claim", has_text="dailyledger.example").get_by_role(
        "button", name="Use this"
    ).click()
    expect(page.locator("#messages")).to_contain_text("now uses this report's amount")
    expect(page.locator("dl.facts")).to_contain_text("CN¥6 billion")
    expect(page.locator("#history")).to_contain_text(
        "Chose amount as reported by dailyledger.example"
    )
    save_screenshot(page, "claims/round-picked-phone.png")

    page.goto(round_.company.get_absolute_url())
    save_screenshot(page, "claims/company-timeline-phone.png")
