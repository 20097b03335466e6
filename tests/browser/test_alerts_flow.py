"""Watch a milestone, let its date pass (frozen clock), sweep: the email arrives at
the SMTP sink and "What to watch" shows the milestone overdue."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from deals.models import AlertDelivery

from ..factories import CompanyFactory, MilestoneFactory, UserFactory
from ..smtp_sink import Sink, smtp_sink_fixture  # noqa: F401 - the smtp_sink fixture
from .conftest import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_watched_milestone_alerts_once_and_shows_overdue(page: Page, smtp_sink: Sink) -> None:
    tz = timezone.get_current_timezone()
    start = dt.datetime(2026, 6, 10, 10, 0, tzinfo=tz)
    with time_machine.travel(start, tick=True) as clock:
        milestone = MilestoneFactory(
            title="Orbit V4.1 ships",
            date_start=dt.date(2026, 6, 20),
            date_end=dt.date(2026, 6, 20),
        )
        analyst = UserFactory(role="analyst")
        log_in(page, username=analyst.username)
        page.goto(reverse("deals:milestone_detail", kwargs={"pk": milestone.pk}))
        toggle = page.locator(f"#watch-milestone-{milestone.pk}")
        toggle.click()
        expect(toggle).to_have_text("★ Watching")

        call_command("send_due_alerts")
        assert smtp_sink.messages == []  # not due yet

        clock.move_to(dt.datetime(2026, 6, 21, 9, 0, tzinfo=tz))  # past 8:00 the day after
        call_command("send_due_alerts")
        call_command("send_due_alerts")  # a second run sends nothing more
        assert len(smtp_sink.messages) == 1
        message = smtp_sink.messages[0]
        assert "Orbit V4.1 ships" in message["Subject"]
        assert message["To"] == analyst.email
        assert message["Message-ID"] == AlertDelivery.objects.get().message_id

        page.goto(reverse("deals:what_to_watch"))
        row = page.locator(f"#overdue-list #milestone-{milestone.pk}")
        expect(row).to_contain_text("Orbit V4.1 ships")
        expect(row.locator(".badge.overdue")).to_have_text("Overdue")
        save_screenshot(page, "alerts-what-to-watch-overdue.png")


def test_what_to_watch_company_box_suggests_names_and_filters_by_one(page: Page) -> None:
    """Typing part of a name fills the datalist from the company autocomplete without
    touching the results or the address bar; choosing the name filters the list."""
    today = timezone.localdate()
    deepseek = CompanyFactory(name="DeepSeek", aliases=["深度求索"])
    MilestoneFactory(
        company=deepseek, title="V4.1 release", date_start=today + dt.timedelta(days=200)
    )
    MilestoneFactory(title="Other launch", date_start=today + dt.timedelta(days=3))
    log_in(page, username=UserFactory(role="analyst").username)
    page.goto(reverse("deals:what_to_watch"))
    expect(page.locator("#id_days")).to_have_value("30")
    box = page.locator("#id_company")
    box.press_sequentially("Deep", delay=50)
    expect(page.locator('#company-options option[value="DeepSeek"]')).to_have_count(1)
    assert "autocomplete" not in page.url
    box.fill("DeepSeek")
    page.select_option("#id_days", "all")
    results = page.locator("#watch-results")
    expect(results).to_contain_text("V4.1 release")
    expect(results).not_to_contain_text("Other launch")
    assert "company=DeepSeek" in page.url and "days=all" in page.url
    save_screenshot(page, "what-to-watch-company-by-name.png")


def test_watch_buttons_in_what_to_watch_work_with_and_without_javascript(
    browser, live_server
) -> None:
    """The list's buttons sit in a cached fragment with no CSRF token: they submit the
    page's own #watch-form. With HTMX the button swaps itself; without JavaScript the
    form posts and the page comes back with the button pressed."""
    soon = timezone.localdate() + dt.timedelta(days=3)
    first = MilestoneFactory(title="Lander touches down", date_start=soon, date_end=soon)
    second = MilestoneFactory(title="Fab two starts", date_start=soon, date_end=soon)
    analyst = UserFactory(role="analyst")
    for javascript, milestone in ((True, first), (False, second)):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 390, "height": 844},
            java_script_enabled=javascript,
        )
        page = context.new_page()
        log_in(page, username=analyst.username)
        page.goto(reverse("deals:what_to_watch"))
        toggle = page.locator(f"#watch-milestone-{milestone.pk}")
        expect(toggle).to_have_text("☆ Watch")
        toggle.click()
        expect(page.locator(f"#watch-milestone-{milestone.pk}")).to_have_text("★ Watching")
        save_screenshot(page, f"what-to-watch-watched-{'js' if javascript else 'no-js'}.png")
        context.close()
    assert {w.milestone_id for w in analyst.watches.all()} == {first.pk, second.pk}
