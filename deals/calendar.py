"""A user's watched milestones as an iCalendar feed (RFC 5545), written by hand.

Fuzzy dates: a milestone known only to the month (or quarter, half, year)
becomes ONE all-day event on the LAST day of its range, titled "By end of
June 2026: ...". A month-long all-day event would sit on top of every day of
the month in Google Calendar and Outlook, which teaches people to ignore it;
the last day is the date that matters ("ships by June" is a deadline) and the
day before the alert fires. Exact day ranges ("3-5 June") span their days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from deals.emails import absolute, milestone_when, site_domain
from deals.models import Milestone
from deals.models.choices import MilestoneStatus, Precision

PRODID = "-//FundTracker//Watched milestones//EN"


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (3.1)."""
    out: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_dates(milestone: Milestone) -> tuple[dt.date, dt.date]:
    """(DTSTART, exclusive DTEND) of the all-day event."""
    # Fuzzy dates become their last day (see the module docstring).
    start = milestone.date_start if milestone.precision == Precision.DAY else milestone.date_end
    return start, milestone.date_end + dt.timedelta(days=1)


def event_summary(milestone: Milestone) -> str:
    prefix = (
        "" if milestone.precision == Precision.DAY else f"By end of {milestone_when(milestone)}: "
    )
    return f"{prefix}{milestone.company.name}: {milestone.title}"


def _event(milestone: Milestone, stamp: dt.datetime) -> list[str]:
    start, end = event_dates(milestone)
    url = absolute(milestone.get_absolute_url())
    description = (
        f"Expected: {milestone_when(milestone)}. Status: {milestone.get_status_display()}."
    )
    if milestone.outcome_note:
        description += f"\n{milestone.outcome_note}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:milestone-{milestone.pk}@{site_domain()}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(milestone.updated_at)}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(end)}",
        f"SUMMARY:{escape_text(event_summary(milestone))}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
    ]
    lines.append(f"URL:{url}")
    if milestone.status == MilestoneStatus.CANCELLED:
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def calendar_text(*, milestones: Iterable[Milestone], name: str = "FundTracker") -> str:
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        # Calendar apps poll at their own pace; this asks for at most hourly.
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for milestone in milestones:
        lines.extend(_event(milestone, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
