"""Date expressions -> DateRange with a precision, read relative to publication.

Absolute ("Jan. 28, 2025", "17 January 2024", "Q2 2026"), partial ("Sept 9" takes the
nearest year, "by June" the next June on or after publication when the sentence looks
ahead, the last one when it looks back), relative ("later this year", "3 hrs ago",
"Thursday", "the following day") and spans ("the second half of next year").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from deals.ingest.types import DateRange

from .date_ranges import (
    bare_month,
    day_range,
    half_range,
    month_range,
    nearest_day,
    quarter_range,
    safe_date,
    span_of_period,
    year_range,
)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
MONTH = _MONTH  # for other modules reading dates
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ORDINAL = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
SMALL_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

FUTURE_CUE = re.compile(
    r"\b(?:will|would|expect\w*|plans? to|planned|planning|schedul\w*|due|set to|aim\w*|"
    r"hope\w*|target\w*|"
    r"intend\w*|on (?:track|course)|may|might|could|should|is to|are to|slated|poised|"
    r"upcoming|eyes|seek\w*|looking to|anticipat\w*|forecast\w*|deadline|ahead of|"
    r"next|later|pending|subject to|until)\b",
    re.IGNORECASE,
)
PAST_CUE = re.compile(
    r"\b(?:said|says|announced|reported|raised|was|were|had|did|began|opened|named|won|"
    r"filed|released|launched|closed|founded|started|led|completed|priced|agreed|signed|"
    r"told|emerged|introduced|settled|unveiled|picked|fined|rose|fell|last|ago|earlier|"
    r"previously|since|wrote|presented|secured|took|became|reported|approved|halted|moved|"
    r"posted|ended|resigned|inaugurated|received|cut|scrapped)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    range: DateRange
    text: str


def _month_number(text: str) -> int:
    return _MONTHS[text[:3].lower()]


def _year_word(word: str | None, ref: date) -> int | None:
    if not word:
        return None
    word = word.lower()
    if word.isdigit():
        return int(word) if len(word) == 4 else 2000 + int(word)
    return ref.year + {"this": 0, "next": 1, "last": -1, "the": 0}.get(word.split()[0], 0)


def looks_ahead(text: str, position: int) -> bool:
    """Does the wording just before `position` look forward (True) or back (False)?"""
    # The nearest cue before the date decides ("Tan wrote on Thursday" after a quoted
    # "we will"); quoted speech does not date the sentence's own verb.
    before = re.sub(r"\"[^\"]*\"", "", text[:position])
    futures = [m.end() for m in FUTURE_CUE.finditer(before)]
    pasts = [m.end() for m in PAST_CUE.finditer(before)]
    if futures or pasts:
        return max(futures, default=-1) >= max(pasts, default=-1)
    # "In March it announced plans to ...": with nothing before, the first verb after.
    future, past = FUTURE_CUE.search(text, position), PAST_CUE.search(text, position)
    if future or past:
        return future is not None and (past is None or future.start() < past.start())
    if FUTURE_CUE.search(text):
        return True
    return not PAST_CUE.search(text)


def _cued_ahead(text: str, position: int) -> bool:
    """A forward-looking word just before `position`, after any backward-looking one."""
    window = text[max(0, position - 60) : position]
    futures = [m.end() for m in FUTURE_CUE.finditer(window)]
    pasts = [m.end() for m in PAST_CUE.finditer(window)]
    return bool(futures) and max(futures) > max(pasts, default=-1)


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(
    rf"(?:\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\b({_MONTH})\.?\s+(\d{{1,2}})"
    r"(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?"
)
_DMY = re.compile(
    rf"(?:\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)(?:day)?,?\s+)?\b(\d{{1,2}})(?:st|nd|rd|th)?"
    rf"\s+(?:of\s+)?({_MONTH})\b\.?(?:,?\s+(\d{{4}})\b)?"
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b")
# "the October-December quarter of this year": a span of named months.
_MONTH_SPAN = re.compile(
    rf"\b({_MONTH})\s*[-–]\s*({_MONTH})\s+(?:quarter|period|half)(?:\s+of)?"
    r"(?:\s+(\d{4})\b|\s+(this|next|last) (?:fiscal )?year)?",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    r"\b(?:Q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter)"
    r"(?:\s+of)?(?:\s*(?:(\d{4})\b|'(\d{2})\b|(this|next|last|the) (?:fiscal )?year))?"
    # "third-quarter results": a reporting period named, not a date for the event
    r"(?!\s+(?:results|earnings|revenues?|sales|profits?|loss(?:es)?|deliveries|figures|"
    r"numbers|report|GDP|growth)\b)",
    re.IGNORECASE,
)
_HALF = re.compile(
    # "H2 Green Steel" is a name: a bare H1/H2 before a capitalised word is no date.
    r"\b(?:H([12])(?!\s+[A-Z][a-z])|(first|second|1st|2nd)[- ]half)(?:\s+of)?"
    r"(?:\s*(?:(\d{4})\b|(this|next|last|the) year))?",
    re.IGNORECASE,
)
_END_OF = re.compile(
    r"\b(?:the\s+)?end[- ]of[- ](?:(\d{4})\b|(this|next|last|the) (year|month|quarter|decade)"
    rf"|({_MONTH})\b(?:\s+(\d{{4}})\b)?)|\byear[- ]end\b|\bend[- ](\d{{4}})\b",
)
_EARLY_LATE = re.compile(r"\b(early|mid|late)[- ](?:(\d{4})\b|(this|next) year)", re.IGNORECASE)
_THIS_NEXT = re.compile(
    r"\b(?:(later|earlier) )?(this|next|last) (year|month|week|quarter)\b", re.IGNORECASE
)
# "within two weeks", "in the next three months", "over the coming weeks"
_WITHIN = re.compile(
    r"\b(?:within|in the next|in the coming|over the next|over the coming)\s+"
    r"(?:(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|few)\s+)?"
    r"(days?|weeks?|months?)\b",
    re.IGNORECASE,
)
_DAY_WORD = re.compile(r"\b(today|tonight|tomorrow|yesterday)\b", re.IGNORECASE)
_FOLLOWING_DAY = re.compile(r"\bthe (?:following|next) day\b", re.IGNORECASE)
# "a year later", "two years after that": counted from the date before it.
_YEARS_LATER = re.compile(
    r"\b(a|one|two|three|four|five)\s+years?\s+(?:later|after that|afterwards)\b", re.IGNORECASE
)
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_BARE_MONTH = re.compile(
    r"\b(?i:in|by|from|until|till|before|after|during|since|through|for|around|starting|"
    rf"early|late|mid|of|last|next|this)[- ]({_MONTH})\b(?![ .]*\d)"
)
_YEAR = re.compile(r"(?<![\d,.$£€-])\b((?:19|20)\d{2})\b(?![\d%-]|[.,]\d)")


def _parse_one(
    regex: re.Pattern[str], m: re.Match[str], text: str, ref: date, previous: DateRange | None
) -> DateRange | None:
    ahead = looks_ahead(text, m.start())
    if regex in (_QUARTER, _HALF, _END_OF, _EARLY_LATE, _THIS_NEXT, _WITHIN):
        return _parse_period(regex, m, ref, ahead)
    if regex in (_DAY_WORD, _YEARS_LATER, _FOLLOWING_DAY, _WEEKDAY):
        return _parse_relative(regex, m, ref, ahead, previous)
    return _parse_calendar(regex, m, text, ref, ahead)


def _parse_calendar(
    regex: re.Pattern[str], m: re.Match[str], text: str, ref: date, ahead: bool
) -> DateRange | None:
    """Named days, months and years: "Jan. 28", "June 2026", "by March", "2027"."""
    if regex is _ISO:
        day = safe_date(int(m[1]), int(m[2]), int(m[3]))
        return day_range(day) if day else None
    if regex in (_MDY, _DMY):
        month_text, day_text = (m[1], m[2]) if regex is _MDY else (m[2], m[1])
        month, day_no = _month_number(month_text), int(day_text)
        day = safe_date(int(m[3]), month, day_no) if m[3] else nearest_day(month, day_no, ref)
        if day and not m[3] and day < ref and _cued_ahead(text, m.start()):
            day = safe_date(day.year + 1, month, day_no) or day  # "will report on October 23"
        return day_range(day) if day else None
    if regex is _MONTH_YEAR:
        return month_range(int(m[2]), _month_number(m[1]))
    if regex is _MONTH_SPAN:
        span_year = _year_word(m[3] or m[4], ref) or ref.year
        first, last = _month_number(m[1]), _month_number(m[2])
        if last < first:
            return None
        return DateRange(date(span_year, first, 1), month_range(span_year, last).end, "quarter")
    if regex is _BARE_MONTH:
        return bare_month(_month_number(m[1]), ref, ahead)
    if regex is _YEAR:
        return year_range(int(m[1]))
    return None


def _parse_period(
    regex: re.Pattern[str], m: re.Match[str], ref: date, ahead: bool
) -> DateRange | None:
    """Parts of a year and spans: "Q3", "second half", "end of 2027", "later this year"."""
    if regex is _QUARTER:
        quarter = int(m[1]) if m[1] else _ORDINAL[m[2].lower()]
        year = _year_word(m[3] or m[4] or m[5], ref)
        if year is None:
            year = ref.year
            if ahead and quarter_range(year, quarter).end < ref:
                year += 1
        return quarter_range(year, quarter)
    if regex is _HALF:
        half = int(m[1]) if m[1] else _ORDINAL[m[2].lower()]
        year = _year_word(m[3] or m[4], ref)
        if year is None:
            year = ref.year
            if ahead and half_range(year, half).end < ref:
                year += 1
        return half_range(year, half)
    if regex is _END_OF:
        if m[1] or m[6]:
            return year_range(int(m[1] or m[6]))
        if m[4]:
            month = _month_number(m[4])
            return month_range(int(m[5]), month) if m[5] else bare_month(month, ref, ahead)
        if m[3]:
            shift = {"this": 0, "the": 0, "next": 1, "last": -1}[m[2].lower()]
            unit = "year" if m[3] == "decade" else m[3]
            return span_of_period(unit, ref, shift)
        return year_range(ref.year)  # "year-end"
    if regex is _EARLY_LATE:
        year = _year_word(m[2] or m[3], ref) or ref.year
        part = m[1].lower()
        if part == "early":
            return half_range(year, 1)
        if part == "late":
            return half_range(year, 2)
        return DateRange(date(year, 4, 1), date(year, 9, 30), "half")
    if regex is _THIS_NEXT:
        which, unit = m[2].lower(), m[3].lower()
        span = span_of_period(unit, ref, {"this": 0, "next": 1, "last": -1}[which])
        if m[1] and m[1].lower() == "later":
            return DateRange(max(ref, span.start), span.end, span.precision)
        if m[1]:
            return DateRange(span.start, min(ref, span.end), span.precision)
        return span
    if regex is _WITHIN:
        count_text = (m[1] or "few").lower()
        count = 3 if count_text == "few" else SMALL_NUMBERS.get(count_text) or int(count_text)
        unit = m[2].lower()
        days = count * (1 if unit.startswith("day") else 7 if unit.startswith("week") else 30)
        precision = "day" if days <= 31 else "month"
        return DateRange(ref, ref + timedelta(days=days), precision)
    return None


def _parse_relative(
    regex: re.Pattern[str], m: re.Match[str], ref: date, ahead: bool, previous: DateRange | None
) -> DateRange | None:
    """Days counted from publication or the date before: "tomorrow", "Thursday",
    "the following day", "a year later"."""
    if regex is _DAY_WORD:
        shift = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m[1].lower()]
        return day_range(ref + timedelta(days=shift))
    if regex is _YEARS_LATER:
        if previous is None:
            return None
        shift = SMALL_NUMBERS[m[1].lower()]
        start = previous.start.replace(year=previous.start.year + shift, day=1)
        end = previous.end.replace(year=previous.end.year + shift, day=28)
        return DateRange(start, month_range(end.year, end.month).end, previous.precision)
    if regex is _FOLLOWING_DAY:
        base = previous.end if previous and previous.precision == "day" else ref
        return day_range(base + timedelta(days=1))
    if regex is _WEEKDAY:
        target = _WEEKDAYS.index(m[1].lower())
        if ahead:
            return day_range(ref + timedelta(days=(target - ref.weekday()) % 7))
        return day_range(ref - timedelta(days=(ref.weekday() - target) % 7))
    return None


# Most specific first: a span already claimed by an earlier pattern is not re-read.
_PATTERNS = (
    _ISO,
    _MDY,
    _DMY,
    _MONTH_YEAR,
    _MONTH_SPAN,
    _QUARTER,
    _HALF,
    _END_OF,
    _EARLY_LATE,
    _THIS_NEXT,
    _WITHIN,
    _DAY_WORD,
    _FOLLOWING_DAY,
    _YEARS_LATER,
    _WEEKDAY,
    _BARE_MONTH,
    _YEAR,
)


def find_dates(text: str, ref: date, previous: DateRange | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order, each as a DateRange; `previous` is the
    last date before the text, for "a year later" at its start."""
    claimed: list[tuple[int, int, re.Pattern[str], re.Match[str]]] = []
    for regex in _PATTERNS:
        for m in regex.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _, _ in claimed):
                continue
            claimed.append((m.start(), m.end(), regex, m))
    claimed.sort(key=lambda item: item[0])
    out: list[DateMention] = []
    for start, end, regex, m in claimed:
        try:
            span = _parse_one(regex, m, text, ref, previous)
        except (ValueError, KeyError, OverflowError):
            span = None
        if span is None:
            continue
        out.append(DateMention(start, end, span, m.group(0)))
        previous = span
    return out


def first_absolute_date(text: str, ref: date) -> date | None:
    """The first full day ("Sept 9", "17 January 2024") in `text`: a dateline."""
    for regex in (_ISO, _MDY, _DMY):
        m = regex.search(text)
        if m:
            span = _parse_one(regex, m, text, ref, None)
            if span:
                return span.start
    return None
