"""The API's docs page renders under the site's CSP (no inline script), and a key made
on the preferences page reads the API."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..factories import RoundFactory, UserFactory
from .conftest import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_make_a_key_then_read_the_docs_and_the_api(page: Page) -> None:
    RoundFactory()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, username=UserFactory(role="analyst").username)
    page.goto("/watch/preferences/")
    page.fill("#api-keys input[name=name]", "notebook")
    page.get_by_role("button", name="Make a key").click()
    key = page.locator("#new-api-key code").inner_text()
    assert key.startswith("ft_")
    save_screenshot(page, "api-keys-preferences.png")
    response = page.request.get("/api/v1/rounds/", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 200 and len(response.json()["results"]) == 1
    for width, name in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/api/v1/docs/")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("FundTracker API")
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        save_screenshot(page, f"api-docs-{name}.png")
    assert not [e for e in errors if "Content Security Policy" in e and "script" in e], errors
