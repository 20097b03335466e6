"""The charts in a browser, at desktop and phone width: the funding chart on the
dashboard, a company and an investor page, the country bars, the co-investor and
network tables, and the figures' table behind its <details>. Screenshots land in
artifacts/charts/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from deals.management.commands.bench_pages import bench_targets

from ..factories import UserFactory
from .conftest import ARTIFACTS, PASSWORD, log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits_the_width(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_charts_render_without_javascript_needs_and_fit(page: Page, size: str) -> None:
    call_command(
        "generate_data",
        companies=60,
        investors=40,
        rounds=800,
        milestones=20,
        seed=5,
        today=timezone.localdate(),
        verbosity=0,
        stdout=io.StringIO(),
    )
    targets = {t.name: t.path for t in bench_targets()}
    user = UserFactory(role="analyst", password=PASSWORD)
    page.set_viewport_size(SIZES[size])
    log_in(page, username=user.username, password=PASSWORD)
    (ARTIFACTS / "charts").mkdir(parents=True, exist_ok=True)

    page.goto("/")
    funding = page.locator("#chart-funding")
    expect(funding.locator("svg rect").first).to_be_visible()
    expect(funding.locator(".chart-legend li").first).to_be_visible()
    expect(page.locator("#chart-countries svg rect").first).to_be_visible()
    funding.get_by_text("The figures as a table").click()
    expect(funding.locator("table tbody tr").first).to_be_visible()
    assert _fits_the_width(page)
    save_screenshot(page, f"charts/dashboard-{size}.png")

    page.goto(targets["company: largest"])
    expect(page.locator("#chart-funding svg rect").first).to_be_visible()
    expect(page.locator("#investor-network")).to_be_visible()
    assert _fits_the_width(page)
    save_screenshot(page, f"charts/company-{size}.png")

    page.goto(targets["investor: busiest"])
    expect(page.locator("#chart-funding svg rect").first).to_be_visible()
    rows = page.locator("#co-investors tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() <= 10
    assert _fits_the_width(page)
    save_screenshot(page, f"charts/investor-{size}.png")
    # The full pages are long at phone width: the chart and the table close up too.
    charts_dir = ARTIFACTS / "charts"
    page.locator("#chart-funding").screenshot(path=charts_dir / f"investor-chart-{size}.png")
    page.locator("#co-investors").screenshot(path=charts_dir / f"investor-co-{size}.png")
