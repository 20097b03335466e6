"""The day a page was published, read from its opening lines when it has no metadata.

Pages state it in many house styles: a labelled stamp ("Published 2025.10.01 17:20 KST",
"Input 2024.12.03", "Published on 27/02/2024 at 18:42", "By A. Writer · Published Wed,
Jun 11, 2025"), a line holding only a date and time ("25.07.2025, 08:31", "2024/10/2
18:05 JST"), a relative stamp ("3 hrs ago", counted back from the fetch), or a wire
dateline ("BERLIN, June 5 (Wire) -"). The stamps are located with patterns and read by
dateparser; where a numeric date could be day-first or month-first, the reading nearest
the fetch (and not after it) wins.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser

from deals.ingest.extract.dates import MONTH, SMALL_NUMBERS, first_absolute_date

# "Business3 hrs ago": a section label may run straight into the number.
_AGO = re.compile(
    r"(?:(?<!\d)(\d+)|\b(an?|one|two|three|four|five|six|seven|eight|nine|ten))\s*"
    r"(minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?)\s+ago\b",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+"
# A stamp's date: numeric (year first or last) or with a month name.
_STAMP_DATE = re.compile(
    r"\b\d{4}[./-]\d{1,2}[./-]\d{1,2}\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b"
    rf"|(?:{_WEEKDAY})?\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|(?:{_WEEKDAY})?\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?,?\s+\d{{4}}\b"
)
_LABEL = re.compile(
    r"\b(?:first\s+)?(?:published|posted|input|issued|date|released|updated|modified)\b"
    r"(?:\s+on)?\s*:?\s*",
    re.IGNORECASE,
)
_LATER_LABEL = re.compile(r"^(?:updated|modified)", re.IGNORECASE)
# What may sit beside the date on a line that is only a time stamp.
_STAMP_NOISE = re.compile(
    r"\b\d{1,2}[:.h]\d{2}\b|\b(?:am|pm|uhr|h|hrs|at|GMT|UTC|[A-Z]{2,4}T?)\b|[^\w]",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^[A-Z][\w.'’-]*(?:[ /-][A-Z][\w.'’-]*)*,\s+(?:[A-Z][a-z]+\.,\s+)?"
    rf"({MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)\s*(?:\([^)]*\))?\s*[-–—]",
    re.MULTILINE,
)


def published_from_text(
    text: str, fetched_at: datetime, *, head_lines: int = 15, guess: bool = True
) -> date | None:
    """The publication day stated in a page's opening text, or None.

    1. a labelled stamp ("Published ..."), preferring the first over an "Updated" one;
    2. a line that holds only a date and a time;
    3. a relative stamp ("3 hrs ago") on a short line;
    4. a wire dateline ("CITY, Month Day (Source) -");
    5. when `guess`, the first full date in the opening lines.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:head_lines]
    head = "\n".join(lines)
    return (
        _labelled(lines, fetched_at)
        or _stamp_line(lines, fetched_at)
        or relative_published(head, fetched_at)
        or _dateline(head, fetched_at)
        or (first_absolute_date(head[:800], fetched_at.date()) if guess else None)
    )


def _labelled(lines: list[str], fetched_at: datetime) -> date | None:
    later: date | None = None
    for line in lines:
        for label in _LABEL.finditer(line):
            stamp = _STAMP_DATE.match(line, label.end())
            day = _read_stamp(stamp.group(0), fetched_at) if stamp else None
            if day is None:
                continue
            if not _LATER_LABEL.match(label.group(0)):
                return day
            later = later or day
    return later


def _stamp_line(lines: list[str], fetched_at: datetime) -> date | None:
    for line in lines:
        stamp = _STAMP_DATE.search(line)
        if stamp and len(line) <= 48:
            rest = _STAMP_NOISE.sub("", line[: stamp.start()] + line[stamp.end() :])
            if not rest:
                return _read_stamp(stamp.group(0), fetched_at)
    return None


def _read_stamp(stamp: str, fetched_at: datetime) -> date | None:
    """Read one date with dateparser; an ambiguous numeric date takes the reading nearest
    the fetch that is not after it (a page cannot be published after it was fetched)."""
    base = fetched_at.replace(tzinfo=None)
    latest = base.date() + timedelta(days=1)
    readings = []
    orders = ("YMD",) if re.match(r"\d{4}", stamp) else ("DMY", "MDY")
    for order in orders:
        parsed = dateparser.parse(
            stamp,
            languages=["en"],
            settings={
                "DATE_ORDER": order,
                "RELATIVE_BASE": base,
                "PREFER_DATES_FROM": "past",
                # _STAMP_DATE only matches full dates: the relative ("freshness") parser,
                # tried first by default, never applies and was half of the call's time.
                "PARSERS": ["absolute-time"],
            },
        )
        if parsed and parsed.date() <= latest:
            readings.append(parsed.date())
    return max(readings, default=None)


def _dateline(head: str, fetched_at: datetime) -> date | None:
    match = _DATELINE.search(head)
    return first_absolute_date(match.group(1), fetched_at.date()) if match else None


def _ago(match: re.Match[str], now: datetime) -> date:
    count_text = (match.group(1) or match.group(2)).lower()
    count = SMALL_NUMBERS.get(count_text) or int(count_text)
    unit = match.group(3).lower()
    if unit.startswith("mo"):
        delta = timedelta(days=30 * count)
    elif unit.startswith("m"):
        delta = timedelta(minutes=count)
    elif unit.startswith("h"):
        delta = timedelta(hours=count)
    elif unit.startswith("w"):
        delta = timedelta(weeks=count)
    else:
        delta = timedelta(days=count)
    return (now - delta).date()


def relative_published(text: str, fetched_at: datetime) -> date | None:
    """The day meant by "3 hrs ago", "2 days ago" or "yesterday", counted from the fetch."""
    match = _AGO.search(text)
    if match:
        return _ago(match, fetched_at)
    # "Yesterday 14:05" labels a story; "... today announced ..." in a sentence does not
    # date the page (a press release keeps saying "today" long after its day).
    word = next(
        (
            m
            for line in text.split("\n")
            if len(line) <= 40
            for m in [re.search(r"\b(yesterday|today)\b", line, re.IGNORECASE)]
            if m
        ),
        None,
    )
    if word:
        return fetched_at.date() - timedelta(days=word.group(1).lower() == "yesterday")
    return None
