"""Save a filtered rounds list, get emailed when a new round matches, see it counted
on the dashboard, manage it on /searches/, and reach its Atom feed in one click."""

from __future__ import annotations

from email.message import Message
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from deals.models import Round, SavedSearch
from deals.services.rounds import round_save

from ..factories import CompanyFactory, RoundFactory, UserFactory
from ..smtp_sink import Sink, smtp_sink_fixture  # noqa: F401 - the smtp_sink fixture
from .conftest import ARTIFACTS, log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _write_email(message: Message) -> None:
    out = ARTIFACTS / "saved"
    out.mkdir(parents=True, exist_ok=True)
    text = next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )
    (out / "email.txt").write_text(f"Subject: {message['Subject']}\nTo: {message['To']}\n\n{text}")


def _shots(page: Page, name: str) -> None:
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        save_screenshot(page, f"saved/{name}-{label}.png")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} scrolls sideways at {label}"
    page.set_viewport_size(DESKTOP)


def test_save_search_email_dashboard_and_feed(page: Page, smtp_sink: Sink) -> None:
    (ARTIFACTS / "saved").mkdir(parents=True, exist_ok=True)
    china = CompanyFactory(name="Zhipu AI", country="CN", sector="AI")
    RoundFactory(company=china, stage="series_b")
    analyst = UserFactory(role="analyst")
    log_in(page, username=analyst.username)

    page.goto(f"{reverse('deals:round_list')}?country=CN")
    _shots(page, "rounds-list")
    form = page.locator("#save-search")
    form.get_by_label("Save this search as").fill("China rounds")
    form.get_by_label("Email me").select_option("immediate")
    form.get_by_role("button", name="Save search").click()
    expect(page).to_have_url(reverse("deals:saved_search_list"))
    search = SavedSearch.objects.get(user=analyst)
    assert (search.query, search.email) == ("country=CN", "immediate")

    # Two new Chinese rounds and one elsewhere; each Chinese one is emailed once.
    for stage in ("seed", "series_a"):
        round_save(round=Round(company=CompanyFactory(country="CN"), stage=stage))
    round_save(round=Round(company=CompanyFactory(country="US"), stage="seed"))
    assert len(smtp_sink.messages) == 2
    assert all(m["Subject"].startswith("China rounds: ") for m in smtp_sink.messages)
    _write_email(smtp_sink.messages[0])

    page.goto(reverse("deals:dashboard"))
    card = page.locator("#saved-searches")
    expect(card).to_contain_text("China rounds")
    expect(card.locator(".badge.new")).to_have_text("2 new")
    card.scroll_into_view_if_needed()
    _shots(page, "dashboard")

    page.goto(reverse("deals:saved_search_list"))
    row = page.locator(f"#saved-search-{search.pk}")
    expect(row).to_contain_text("country=CN")
    _shots(page, "searches")

    # The feed is one click away and carries the same filters.
    feed = row.get_by_role("link", name="Atom feed")
    assert "country=CN" in (feed.get_attribute("href") or "")
    # The address is absolute on SITE_URL (feed readers need that); ask the live server.
    href = urlsplit(feed.get_attribute("href") or "")
    atom = page.request.get(f"{href.path}?{href.query}").text()
    assert "Zhipu AI" in atom

    # Rename and choose the digest.
    row.get_by_label("Name").fill("Chinese rounds")
    row.get_by_label("Email me").select_option("digest")
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved “Chinese rounds”")
    search.refresh_from_db()
    assert (search.name, search.email) == ("Chinese rounds", "digest")

    # Opening the search shows its rounds and resets the count.
    page.goto(reverse("deals:dashboard"))
    page.locator("#saved-searches").get_by_role("link", name="Chinese rounds").click()
    expect(page).to_have_url(f"{reverse('deals:round_list')}?country=CN")
    page.goto(reverse("deals:dashboard"))
    expect(page.locator("#saved-searches")).to_contain_text("nothing new")

    # A bad query (edited by hand) is a message, not an error page.
    page.goto(f"{reverse('deals:round_list')}?stage=series_zz")
    page.locator("#save-search").get_by_label("Save this search as").fill("Bad")
    page.locator("#save-search").get_by_role("button", name="Save search").click()
    expect(page.locator("#saved-search-error")).to_contain_text("Unknown filter value")
    save_screenshot(page, "saved/searches-bad-query-desktop.png")
