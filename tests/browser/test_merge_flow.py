"""An editor adds a company already on file: warned, creates it anyway, then merges it back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from deals.models import Company, Round

from ..factories import CompanyFactory, RoundFactory, UserFactory
from .conftest import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_duplicate_warning_then_merge_and_the_old_link(page: Page) -> None:
    deepseek = CompanyFactory(name="DeepSeek", slug="deepseek", aliases=["Hangzhou DeepSeek"])
    RoundFactory(company=deepseek)
    editor = UserFactory(role="editor")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, username=editor.username)

    page.goto(reverse("deals:company_create"))
    page.fill("#id_name", "DeepSeek")
    page.fill("#id_country", "CN")
    page.get_by_role("button", name="Save company").click()
    warning = page.locator("#duplicates")
    expect(warning).to_contain_text("Already on file?")
    expect(warning.locator(f"a[href='{deepseek.get_absolute_url()}']")).to_have_text("DeepSeek")
    expect(page.locator("#id_country")).to_have_value("CN")  # nothing typed is lost
    save_screenshot(page, "duplicate-warning-phone.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    save_screenshot(page, "duplicate-warning-desktop.png")
    page.set_viewport_size({"width": 390, "height": 844})
    assert Company.objects.count() == 1

    page.get_by_role("button", name="Create “DeepSeek” anyway").click()
    page.wait_for_url("**/companies/deepseek-2/")
    duplicate = Company.objects.get(slug="deepseek-2")
    RoundFactory(company=duplicate, stage="seed")

    page.get_by_role("link", name="Merge", exact=True).click()
    page.locator(f"a[href$='?into={deepseek.slug}']").click()
    expect(page.locator("#merge-preview")).to_contain_text("1 round")
    save_screenshot(page, "merge-preview-phone.png")
    page.get_by_role("button", name="Merge into DeepSeek").click()
    page.wait_for_url("**/companies/deepseek/")
    expect(page.locator("#messages")).to_contain_text("Merged DeepSeek (deepseek-2) into DeepSeek.")
    assert set(Round.objects.values_list("company__slug", flat=True)) == {"deepseek"}

    page.goto(reverse("deals:company_detail", args=["deepseek-2"]))
    assert page.url.endswith("/companies/deepseek/")
    save_screenshot(page, "merged-company-phone.png")
