"""Track records in a browser: a company's record, a source's page, and what to watch
ordered by its sources' reliability, at desktop and phone width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from deals.services.outcomes import milestone_record_outcome

from ..factories import (
    ArticleFactory,
    CitationFactory,
    CompanyFactory,
    MilestoneFactory,
    UserFactory,
)
from .conftest import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_records_of_a_company_and_a_source(page: Page) -> None:
    today = timezone.localdate()
    editor = UserFactory(role="editor")
    company = CompanyFactory(name="Orbital Lathe")
    wire = ArticleFactory(url="https://wire.example/orbital")
    for n, (status, on) in enumerate([("occurred", -40), ("occurred", -5), ("missed", None)]):
        plan = MilestoneFactory(
            company=company,
            title=f"Plan {n + 1}",
            date_start=today - dt.timedelta(days=20),
            date_end=today - dt.timedelta(days=10),
        )
        CitationFactory(article=wire, milestone=plan)
        occurred_on = today + dt.timedelta(days=on) if on else None
        milestone_record_outcome(
            milestone=plan, status=status, user=editor, occurred_on=occurred_on
        )
    ahead = MilestoneFactory(company=company, title="Orbital V2 launch")
    CitationFactory(article=wire, milestone=ahead)
    log_in(page, username=UserFactory(role="analyst").username)
    for width, name in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(company.get_absolute_url())
        expect(page.locator("#track-record")).to_contain_text("1 of 3 dated plans kept")
        save_screenshot(page, f"record-company-{name}.png")
        page.goto("/sources/wire.example/")
        expect(page.locator("h1")).to_contain_text("wire.example")
        save_screenshot(page, f"record-source-{name}.png")
        page.goto("/watch/?sort=reliable&days=90")
        expect(page.locator("#ahead-list")).to_contain_text("its source kept 33%")
        save_screenshot(page, f"record-what-to-watch-{name}.png")
