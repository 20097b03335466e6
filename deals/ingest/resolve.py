"""Stage 4: tie extracted names to existing records, and reports to known rounds.

A name matches a company or investor when, with case, punctuation and legal
suffixes ("Inc", "GmbH", "Holdings"...) set aside, it equals the record's name or
one of its aliases, or is a close spelling of one (rapidfuzz ratio >= 90). A
name that matches nothing is proposed as a new record.

A round reported again by another article (same company, compatible stage and
amount, dates close together) is the round already on file: the proposal carries
it as matched_round, so acceptance adds a citation instead of a duplicate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models.functions import Upper
from django.db.models.lookups import In
from rapidfuzz import fuzz, process

from deals.models import Company, Investor, Round
from deals.models.choices import Stage
from deals.selectors.candidates import name_candidates

from .types import DateRange, ExtractedMilestone, ExtractedRound, Extraction, Money

NAME_CUTOFF = 90
# Amounts within this share of each other are the same figure, reported twice.
AMOUNT_TOLERANCE = Decimal("0.10")
# A second report of a round usually follows the first within weeks.
DATE_WINDOW = timedelta(days=120)
# Reports of one round often give different figures (50 vs 60 billion yuan): with
# the same known stage and a report this close in time, a gap up to this is the
# same round reported differently, kept as differing claims (deals.services.claims).
DISPUTED_AMOUNT_TOLERANCE = Decimal("0.25")
DISPUTED_DATE_WINDOW = timedelta(days=45)

_LEGAL_SUFFIXES = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
    "llc", "llp", "lp", "plc", "ag", "gmbh", "sa", "sas", "sarl", "spa", "srl", "nv",
    "bv", "ab", "oy", "asa", "as", "kk", "pte", "pty", "bhd", "sdn", "se", "holdings",
    "holding", "group",
}  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+")
# The dots of an initialism ("S.A.", "N.V."), so it reads as one word.
_INITIAL_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b)")


@dataclass(frozen=True)
class NameMatch:
    """The record a name resolved to; id None means "propose a new one"."""

    name: str
    id: int | None = None
    matched_name: str = ""
    score: float = 0.0

    @property
    def is_new(self) -> bool:
        return self.id is None


@dataclass
class ResolvedRound:
    extracted: ExtractedRound
    company: NameMatch
    investors: list[NameMatch] = field(default_factory=list)
    matched_round_id: int | None = None


@dataclass
class ResolvedMilestone:
    extracted: ExtractedMilestone
    company: NameMatch


@dataclass
class Resolution:
    rounds: list[ResolvedRound] = field(default_factory=list)
    milestones: list[ResolvedMilestone] = field(default_factory=list)


def normalize_name(name: str) -> str:
    """'Acme Robotics, Inc.' -> 'acme robotics'; what two spellings of a name share."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    text = _INITIAL_DOT.sub("", text.lower().replace("&", " and "))
    words = _NON_WORD.sub(" ", text).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    # Suffixes only at the end, and never the whole name ("Group" alone stays "group").
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


class NameIndex:
    """Names and aliases of one model's records, loaded once per resolution."""

    def __init__(self, rows: list[tuple[int, str, list[str]]]) -> None:
        self._choices: dict[str, tuple[int, str]] = {}
        for pk, name, aliases in rows:
            for spelling in [name, *(aliases or [])]:
                key = normalize_name(str(spelling))
                if key:
                    self._choices.setdefault(key, (pk, name))

    @classmethod
    def for_names(cls, model: type[Company] | type[Investor], names: Iterable[str]) -> NameIndex:
        """An index of only the records that could match `names` (the whole table would
        be 100,000 names at scale): each name as written and without legal suffixes."""
        names = [n for name in names for n in {name, normalize_name(name)} if n]
        return cls(name_candidates(model=model, names=names))

    def match(self, name: str) -> NameMatch:
        key = normalize_name(name)
        if not key:
            return NameMatch(name=name)
        if key in self._choices:
            pk, matched = self._choices[key]
            return NameMatch(name=name, id=pk, matched_name=matched, score=100.0)
        # Short names are too easily one letter from another company's name.
        if len(key) < 5 or not self._choices:
            return NameMatch(name=name)
        best = process.extractOne(key, self._choices.keys(), scorer=fuzz.ratio)
        if best and best[1] >= NAME_CUTOFF:
            pk, matched = self._choices[best[0]]
            return NameMatch(name=name, id=pk, matched_name=matched, score=round(best[1], 1))
        return NameMatch(name=name)


def known_names(names: Iterable[str]) -> set[str]:
    """Which of an article's names are companies or investors on record, for the
    extractor's typing: two indexed lookups by name, never the whole table."""
    wanted = sorted({" ".join(str(n).split())[:200] for n in names} - {""})
    if not wanted:
        return set()
    upper = [n.upper() for n in wanted]
    found: set[str] = set()
    for model in (Company, Investor):
        rows = model.objects.filter(In(Upper("name"), upper))
        found |= set(rows.values_list(Upper("name"), flat=True))
    return {n for n in wanted if n.upper() in found}


def match_company(name: str) -> NameMatch:
    return NameIndex.for_names(Company, [name]).match(name)


def match_investor(name: str) -> NameMatch:
    return NameIndex.for_names(Investor, [name]).match(name)


def resolve(extraction: Extraction, *, reported_on: date | None = None) -> Resolution:
    """Resolve every name of an extraction; `reported_on` dates rounds without their own."""
    companies = NameIndex.for_names(
        Company, [r.company for r in extraction.rounds] + [m.company for m in extraction.milestones]
    )
    investors = NameIndex.for_names(
        Investor, [i.name for r in extraction.rounds for i in r.investors]
    )
    reported_on = reported_on or extraction.published
    resolution = Resolution()
    for extracted in extraction.rounds:
        company = companies.match(extracted.company)
        matched = None
        if company.id is not None:
            matched = find_matching_round(
                company_id=company.id, extracted=extracted, reported_on=reported_on
            )
        resolution.rounds.append(
            ResolvedRound(
                extracted=extracted,
                company=company,
                investors=[investors.match(i.name) for i in extracted.investors],
                matched_round_id=matched.pk if matched else None,
            )
        )
    for milestone in extraction.milestones:
        resolution.milestones.append(
            ResolvedMilestone(extracted=milestone, company=companies.match(milestone.company))
        )
    return resolution


def find_matching_round(
    *, company_id: int, extracted: ExtractedRound, reported_on: date | None
) -> Round | None:
    """The company's round this report most likely describes again, if any.

    1. Stages must agree, unless either is unknown.
    2. Amounts must agree within 10 % (same currency, or both in USD), unless
       either is unknown; but something must agree positively - the amount or a
       known stage - or every undisclosed round would match every report. With
       the same known stage and a report within DISPUTED_DATE_WINDOW, amounts
       may differ by up to 25 %: the same round, reported differently.
    3. Dates must be near: expected-close ranges overlap, or the report's date is
       within DATE_WINDOW of the round's announcement (or expected close).
    4. Among several, the closest in amount, then in date, wins.
    """
    when = extracted.announced or reported_on
    best: tuple[tuple[Decimal, int], Round] | None = None
    for candidate in Round.objects.filter(company_id=company_id):
        stage_known = Stage.UNKNOWN not in (candidate.stage, extracted.stage)
        if stage_known and candidate.stage != extracted.stage:
            continue
        gap = amount_gap(candidate, extracted.amount, extracted.amount_usd)
        if gap is None and not stage_known:
            continue
        distance = _date_distance(candidate, extracted.expected_close, when)
        if distance is None or distance > DATE_WINDOW.days:
            continue
        if gap is not None and not _amounts_agree(gap, stage_known=stage_known, days=distance):
            continue
        key = (gap if gap is not None else Decimal(1), distance)
        if best is None or key < best[0]:
            best = (key, candidate)
    return best[1] if best else None


def _amounts_agree(gap: Decimal, *, stage_known: bool, days: int) -> bool:
    if gap <= AMOUNT_TOLERANCE:
        return True
    return stage_known and gap <= DISPUTED_AMOUNT_TOLERANCE and days <= DISPUTED_DATE_WINDOW.days


def amount_gap(round_: Round, amount: Money | None, amount_usd: Decimal | None) -> Decimal | None:
    """Relative difference between a round's amount and a reported one; None if not comparable."""
    pairs = []
    if amount and round_.amount is not None and amount.currency == round_.currency:
        pairs.append((round_.amount, amount.value))
    usd = (
        amount_usd
        if amount_usd is not None
        else (amount.value if amount and amount.currency == "USD" else None)
    )
    if usd is not None and round_.amount_usd is not None:
        pairs.append((round_.amount_usd, usd))
    gaps = [
        abs(Decimal(a) - Decimal(b)) / max(Decimal(a), Decimal(b))
        for a, b in pairs
        if max(Decimal(a), Decimal(b)) > 0
    ]
    return min(gaps) if gaps else None


def _date_distance(round_: Round, expected: DateRange | None, when: date | None) -> int | None:
    """Days between the report and the round; 0 when expected-close ranges overlap."""
    start, end = round_.expected_close_start, round_.expected_close_end
    if expected and start and end and expected.start <= end and start <= expected.end:
        return 0
    if when is None:
        return None
    anchors = [
        d
        for d in (
            round_.announced_on,
            round_.closed_on,
            round_.expected_close_start,
            round_.expected_close_end,
        )
        if d is not None
    ]
    if not anchors:
        anchors = [round_.created_at.date()]
    return min(abs((when - anchor).days) for anchor in anchors)
