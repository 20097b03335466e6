"""deals/calendar.py and the private calendar URL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from deals.calendar import calendar_text, escape_text, event_dates, fold
from deals.services.watching import alert_preference_get, feed_token_revoke

from .factories import MilestoneFactory, UserFactory, WatchFactory


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


@pytest.mark.django_db
def test_month_precision_is_one_all_day_event_on_the_last_day() -> None:
    m = MilestoneFactory(
        date_start=dt.date(2026, 6, 1), date_end=dt.date(2026, 6, 30), precision="month"
    )
    assert event_dates(m) == (dt.date(2026, 6, 30), dt.date(2026, 7, 1))
    text = unfold(calendar_text(milestones=[m]))
    assert "DTSTART;VALUE=DATE:20260630\r\n" in text
    assert "DTEND;VALUE=DATE:20260701\r\n" in text
    assert f"SUMMARY:By end of June 2026: {m.company.name}: {m.title}\r\n" in text


@pytest.mark.django_db
def test_day_ranges_span_their_days_and_cancelled_is_marked() -> None:
    m = MilestoneFactory(
        date_start=dt.date(2026, 6, 3),
        date_end=dt.date(2026, 6, 5),
        precision="day",
        status="cancelled",
    )
    text = calendar_text(milestones=[m])
    assert "DTSTART;VALUE=DATE:20260603\r\n" in text
    assert "DTEND;VALUE=DATE:20260606\r\n" in text
    assert "STATUS:CANCELLED\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")


def test_text_is_escaped_and_long_lines_folded_at_75_octets() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@pytest.mark.django_db
def test_calendar_url_lists_watched_milestones_without_login(client) -> None:
    user = UserFactory()
    direct = WatchFactory(user=user, milestone=MilestoneFactory()).milestone
    via_company = MilestoneFactory()
    WatchFactory(user=user, company=via_company.company)
    unwatched = MilestoneFactory()
    token = alert_preference_get(user=user).calendar_token
    response = client.get(reverse("deals:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert f"UID:milestone-{direct.pk}@" in body
    assert f"UID:milestone-{via_company.pk}@" in body
    assert f"UID:milestone-{unwatched.pk}@" not in body


@pytest.mark.django_db
def test_wrong_or_revoked_calendar_token_is_404(client) -> None:
    user = UserFactory()
    token = alert_preference_get(user=user).calendar_token
    assert (
        client.get(reverse("deals:calendar_feed", kwargs={"token": "x" + token})).status_code == 404
    )
    feed_token_revoke(user=user)
    assert client.get(reverse("deals:calendar_feed", kwargs={"token": token})).status_code == 404
