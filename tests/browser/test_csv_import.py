"""CSV import in a browser: upload, the preview with a bad row, confirm."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from deals.models import Round

from ..factories import CompanyFactory, UserFactory
from .conftest import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CSV = (
    "company,announced,stage,status,amount,currency,lead_investors,other_investors\n"
    "Zhipu AI,2026-03-02,Series B,completed,2000000000,CNY,Beijing AI Fund,Alpha Capital\n"
    "Lunar Forge,2026-13-01,seed,completed,5000000,USD,,Alpha Capital\n"
    "Kestrel Chips,2026-05-20,series_a,completed,40000000,USD,Delta Ventures,\n"
)


def test_upload_preview_and_confirm(page: Page) -> None:
    CompanyFactory(name="Zhipu", aliases=["Zhipu AI"])
    log_in(page, username=UserFactory(role="editor").username)
    page.goto("/rounds/")
    page.get_by_role("link", name="Import CSV").click()
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "q1.csv", "mimeType": "text/csv", "buffer": CSV.encode()}],
    )
    page.get_by_role("button", name="Check the file").click()
    rows = page.locator("#import-rows tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("is not a date")
    expect(rows.nth(0)).to_contain_text("on file")
    for width, name in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        save_screenshot(page, f"csv-import-preview-{name}.png")
    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.locator(".messages")).to_contain_text("Imported 2 rounds")
    assert Round.objects.count() == 2
