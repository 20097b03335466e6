"""Financing events: one ExtractedRound per round, stake, debt raise or IPO of a company.

1. Every money figure is given a role (roles.py); amounts and valuations become
   candidates, each with the company, stage, status and close date its sentence gives.
2. The company is the subject of the financing verb ("Acme raised"), the object of an
   investment ("inject GBP 4bn into Severn Water"), a possessive ("Acme's round"),
   or, for "it"/"the company", the article's primary company.
3. Candidates of one company whose amounts agree (also across a stated conversion) are
   one event: a headline and the body restating it, or a body sentence adding detail.
4. Investors attach to the event named in their sentence, else to the event the
   article is talking about at that point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from deals.ingest.types import DateRange, ExtractedInvestor
from deals.models.choices import Stage, ValuationBasis

from .dates import DateMention, find_dates
from .investors import reduce
from .listings import listing_news, round_news
from .money import MoneyMention, find_money
from .roles import AMOUNT, JOINING, OTHER, TOTAL, VALUATION, classify, valuation_basis
from .sentences import Sentence
from .stages import SERIES, stage_of
from .stakes import StakeFrame, stake_frame
from .status import status_of
from .subjects import PRONOUN, clause_start, company_for

# The company of a stake whose sentence names only the buyer: the article's last stake
# target ("Samsung will spend KRW 267bn on the additional shares").
STAKE = "\x00stake"
_NOT_STAKE_AFTER = re.compile(
    r"^\s*(?:per|a|each)\s+share|^\s*apiece|^\s*of (?:the|this|that|its)\b", re.IGNORECASE
)
_FINANCIAL = re.compile(
    r"\b(?:Capital|Ventures|Partners|Fund|Equity|Growth|Investments|Asset Management)"
    r"(?:\s+\d+|\s+[IVX]+)?$"
)
# "agreed last year to invest up to EUR 600m": a commitment stays pending until paid.
_COMMITTED = re.compile(
    r"\b(?:agreed|committed|pledged|promised) to\b|\bwould\b|\bconditional\b", re.IGNORECASE
)
_CLOSE_VERB = re.compile(
    r"\b(?:close|closes|closing|complet\w+|sign|signs|signing|finali[sz]\w+|"
    r"settle\w*)\b",
    re.IGNORECASE,
)
_DEAL_NOUN = re.compile(
    r"\b(?:secondary|share sale|tender|round|funding|financing|investment|"
    r"fundraising|IPO|offering)\b",
    re.IGNORECASE,
)
_VALUES_COMPANY = re.compile(
    r"\bvalu(?:e|es|ing|ed) (?P<name>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*) at\b"
)
_VALUATION_CHAIN = re.compile(
    r"^[^.;]{0,40}\b(?:rising|increasing|climbing|going|or)\b[^.;]{0,15}$"
)
_BASIS_BEFORE = re.compile(r"\b(pre|post)-money valuation\b[^$\u20ac\u00a3\d]*$", re.IGNORECASE)
_MARKET_VALUE = re.compile(
    r"\b(?:on the stock market|market (?:value|cap\w*)|share price)\b", re.IGNORECASE
)


@dataclass
class Candidate:
    sentence: Sentence
    position: int
    company: str | None
    amount: MoneyMention | None
    valuations: list[tuple[MoneyMention, str, bool]] = field(default_factory=list)
    stage: str = Stage.UNKNOWN
    status: str = "completed"
    close: DateRange | None = None
    past: bool = False  # dated before publication ("in August", "last year")
    buyer: str | None = None  # who buys the stake the figure pays for
    listing: bool = False  # an IPO filed or called off, told without its size
    untold: bool = False  # a round closed without a figure


@dataclass
class Event:
    company: str
    names: list[str]
    amount: MoneyMention | None
    amount_from_body: bool
    stage: str
    status: str
    status_from_body: bool
    valuations: list[tuple[MoneyMention, str, bool]]
    close: DateRange | None
    sentence: str
    investors: dict[str, ExtractedInvestor] = field(default_factory=dict)
    score: float = 0.5
    buyer: str | None = None
    listing: bool = False
    untold: bool = False
    past: bool = False


def _close_date(sentence: str, mention: MoneyMention, published: date) -> DateRange | None:
    verb = _CLOSE_VERB.search(sentence, mention.end)
    if not verb:
        return None
    for found in find_dates(sentence, published):
        if found.start > verb.start() and found.range.end >= published:
            return found.range
    return None


def _basis(sentence: str, mention: MoneyMention, mentions: list[MoneyMention]) -> str:
    """ "$900m on a pre-money basis" reads after the figure; "a post-money valuation of $5bn"
    before it, where only "pre/post-money valuation" counts (not a neighbour's basis)."""
    later = [m.start for m in mentions if m.start > mention.end]
    after = sentence[mention.end : min([mention.end + 30, *later])]
    basis = valuation_basis(after, MoneyMention(0, 0, Decimal(0), ""))
    if basis != ValuationBasis.UNKNOWN:
        return basis
    before = _BASIS_BEFORE.search(sentence[max(0, mention.start - 45) : mention.start])
    return before.group(1).lower() if before else ValuationBasis.UNKNOWN


_EARLIER = re.compile(r"^(?:earlier|last|previously)\b", re.IGNORECASE)
_PAST_REACH = 80
_PAST_MARGIN = timedelta(days=14)


def _past_dated(
    text: str,
    mention: MoneyMention,
    mentions: list[MoneyMention],
    dates: list[DateMention],
    published: date,
) -> bool:
    """Is the figure dated before publication ("In August, it raised $340m", "the $10bn it
    was valued at in 2021")? The nearest date within reach counts, unless another figure
    stands between them."""
    best: tuple[int, DateMention] | None = None
    for found in dates:
        if found.end <= mention.start:
            gap = (found.end, mention.start)
        elif found.start >= mention.end:
            gap = (mention.end, found.start)
        else:
            continue
        distance = gap[1] - gap[0]
        between = text[gap[0] : gap[1]]
        # The date must sit in the figure's own clause, or open the sentence ("In
        # August, ..."): "a start-up founded last month, has raised $5m" is not dated.
        opener = (found.start <= 3 and between.lstrip().startswith(",")) or (
            found.end <= mention.start and re.match(r"^,\s+when\b", between)
        )
        if distance > _PAST_REACH or ";" in between or ("," in between and not opener):
            continue
        if any(gap[0] <= m.start < gap[1] for m in mentions if m is not mention):
            continue
        if best is None or distance < best[0]:
            best = (distance, found)
    if best is None:
        return False
    found = best[1]
    if re.search(r"\bago\b", found.text):
        return False
    return bool(_EARLIER.match(found.text)) or found.range.end < published - _PAST_MARGIN


def figures_in(sentence: Sentence, yen_is_yuan: bool) -> tuple[list[MoneyMention], list[str]]:
    """The sentence's money mentions and the role of each (read once per sentence)."""
    text = sentence.text
    mentions = find_money(text, yen_is_yuan=yen_is_yuan)
    return mentions, [classify(text, m, clause_start(text, m.start)) for m in mentions]


def totals_in(figures: tuple[list[MoneyMention], list[str]]) -> set[tuple[str, Decimal]]:
    """Figures the article gives as totals raised to date: never a round of their own."""
    mentions, roles = figures
    return {(m.currency, m.value) for m, r in zip(mentions, roles, strict=True) if r == TOTAL}


@dataclass
class _Reading:
    """One sentence's figures as the candidate builders below need them."""

    sentence: Sentence
    reduced: str
    mentions: list[MoneyMention]
    dates: list[DateMention]
    published: date

    @property
    def text(self) -> str:
        return self.sentence.text


def candidates_in(
    sentence: Sentence,
    published: date,
    figures: tuple[list[MoneyMention], list[str]],
    excluded: set[tuple[str, Decimal]],
) -> list[Candidate]:
    text = sentence.text
    mentions, roles = figures[0], list(figures[1])
    frames = _reread_roles(text, mentions, roles)
    dates = find_dates(text, published) if mentions else []
    reading = _Reading(sentence, reduce(text), mentions, dates, published)
    single = sum(r == AMOUNT for r in roles) == 1
    out: list[Candidate] = []
    for mention, role, frame in zip(mentions, roles, frames, strict=True):
        if role == TOTAL:
            excluded.add((mention.currency, mention.value))
        if role == AMOUNT:
            found = _amount_candidate(reading, mention, frame, single, excluded)
            out.extend([found] if found else [])
    for mention, role in zip(mentions, roles, strict=True):
        if role == VALUATION:
            found = _valuation_candidate(reading, mention, out)
            out.extend([found] if found else [])
    if not out:
        out.extend(_untold_candidates(sentence, bool(mentions)))
    return out


def _reread_roles(
    text: str, mentions: list[MoneyMention], roles: list[str]
) -> list[StakeFrame | None]:
    """Roles that only the neighbouring figures or a stake purchase reveal (in place), and
    each figure's stake frame."""
    for i in range(1, len(mentions)):
        # "at $900m on a pre-money basis, rising to $1bn": a figure continuing a valuation.
        gap = text[mentions[i - 1].end : mentions[i].start]
        if roles[i] == OTHER and roles[i - 1] == VALUATION and _VALUATION_CHAIN.match(gap):
            roles[i] = VALUATION
    frames = [
        stake_frame(text, m, clause_start(text, m.start)) if r in (AMOUNT, OTHER) else None
        for m, r in zip(mentions, roles, strict=True)
    ]
    for i, frame in enumerate(frames):
        after = text[mentions[i].end :]
        # Not one investor's part of a round, nor a price per share.
        apart = JOINING.match(re.sub(r"^\s*\)", "", after)) or _NOT_STAKE_AFTER.match(after)
        if roles[i] == OTHER and frame and frame.buyer and not apart:
            roles[i] = AMOUNT  # "will pay CNY 11.5bn for a 10% stake in Beta"
    return frames


def _amount_candidate(
    reading: _Reading,
    mention: MoneyMention,
    frame: StakeFrame | None,
    single: bool,
    excluded: set[tuple[str, Decimal]],
) -> Candidate | None:
    text = reading.text
    stage = stage_of(text, mention, single, reading.mentions)
    # A total raised to date restated elsewhere is no round; a loan or a grant of the
    # same size is money of another kind.
    if stage not in {Stage.DEBT, Stage.GRANT} and _is_excluded(mention, excluded):
        return None
    past = _past_dated(text, mention, reading.mentions, reading.dates, reading.published)
    status = status_of(text, mention)
    company = company_for(text, reading.reduced, mention)
    if frame is not None and (frame.buyer or frame.provided):
        company = frame.target or STAKE
        if (
            not frame.in_round
            and stage == Stage.UNKNOWN
            and not _FINANCIAL.search(frame.buyer or "")
        ):
            stage = Stage.STRATEGIC  # a corporate's stake; a fund's money is a plain round
    if past and status == "pending" and not _COMMITTED.search(text):
        status = "completed"
    return Candidate(
        sentence=reading.sentence,
        position=mention.start,
        company=company,
        amount=mention,
        stage=stage,
        status=status,
        close=None if past else _close_date(text, mention, reading.published),
        past=past,
        buyer=frame.buyer if frame else None,
    )


def _valuation_candidate(
    reading: _Reading, mention: MoneyMention, out: list[Candidate]
) -> Candidate | None:
    """A valuation joins the amount before it in its sentence, or stands alone."""
    text, mentions = reading.text, reading.mentions
    entry = (mention, _basis(text, mention, mentions), not reading.sentence.is_heading)
    past = _past_dated(text, mention, mentions, reading.dates, reading.published)
    owner = next((c for c in reversed(out) if c.position < mention.start), None)
    if owner is None and out:
        owner = out[0]
    if owner is not None and past and not owner.past:
        owner = None  # "up from the $10bn it was valued at in 2021": an earlier event
    if owner is not None:
        owner.valuations.append(entry)
        return None
    valued = _VALUES_COMPANY.search(text)
    company = valued.group("name") if valued else company_for(text, reading.reduced, mention)
    stage = stage_of(text, mention, True)
    if stage not in {Stage.SECONDARY, Stage.IPO, *SERIES}:
        stage = Stage.UNKNOWN  # a valuation's sentence rarely names the round's kind
    previous_end = max((m.end for m in mentions if m.end <= mention.start), default=0)
    clause = text[max(clause_start(text, mention.start), previous_end) : mention.end + 60]
    deal = bool(_DEAL_NOUN.search(text)) and not _MARKET_VALUE.search(clause)
    status = status_of(text, mention)
    return Candidate(
        reading.sentence,
        mention.start,
        company if deal else None,
        None,
        [entry],
        stage,
        "completed" if past and status == "pending" else status,
        past=past,
    )


def _untold_candidates(sentence: Sentence, has_figures: bool) -> list[Candidate]:
    """A listing filed or called off, or a round closed, without a figure."""
    news = listing_news(sentence)
    if news is not None:
        company, status = news
        return [
            Candidate(
                sentence, 0, company or PRONOUN, None, stage=Stage.IPO, status=status, listing=True
            )
        ]
    told = None if has_figures else round_news(sentence)
    if told is not None:
        return [Candidate(sentence, 0, told[0] or PRONOUN, None, stage=told[1], untold=True)]
    return []


def _is_excluded(mention: MoneyMention, excluded: set[tuple[str, Decimal]]) -> bool:
    return any(
        cur == mention.currency and _close(val, mention.value, Decimal("0.02"))
        for cur, val in excluded
    )


def _close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def amounts_agree(a: MoneyMention, b: MoneyMention, *, exact: bool = False) -> bool:
    """Same figure, possibly as one side's stated conversion of the other (not when
    `exact`: two figures from different times agree only as written)."""
    for x in [a, *a.alternatives]:
        for y in [b, *b.alternatives]:
            if exact and not (x is a and y is b):
                continue
            tolerance = Decimal("0.03") if x is a and y is b else Decimal("0.06")
            if exact:
                tolerance = Decimal("0.005")  # $340m in August is not this month's $350m
            if x.currency == y.currency and _close(x.value, y.value, tolerance):
                return True
    return False
