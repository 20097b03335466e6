"""What sentences without a figure add to the deals already found: investors ("The round
was led by X"), a close date ("The deal is expected to close in June"), an outcome ("the
whole loan fell through").
"""

from __future__ import annotations

import re
from datetime import date

from deals.ingest.types import ExtractedInvestor
from deals.models.choices import Stage

from .dates import find_dates
from .events import Event
from .investors import InvestorMention, find_investors, invested_company
from .names import key, key_words, same_entity, tidy_name
from .sentences import Sentence
from .stages import referred_stages
from .text import word_list

# "The round is expected to close later this month": a sentence about the deal's timing.
_DEAL_TIMING = re.compile(
    r"\b(?:the|this|that) (?:[\w-]+ )?(?:round|deal|funding|financing|raise|investment|"
    r"transaction|fundraising)\b[^.;]{0,40}?\b(?:close|closes|closing|complet\w+|"
    r"finali[sz]\w+|sign\w*)\b",
    re.IGNORECASE,
)


def attach_close(
    sentence: str, events: list[Event], current: Event | None, published: date
) -> None:
    """A close date given in a sentence of its own goes to the pending deal it is about."""
    m = _DEAL_TIMING.search(sentence)
    if not m:
        return
    target = _referenced(sentence, events) or current
    if target is None or target.status != "pending" or target.close is not None:
        return
    for found in find_dates(sentence, published):
        if found.start >= m.end() and found.range.end >= published:
            target.close = found.range
            return


def _referenced(sentence: str, events: list[Event]) -> Event | None:
    stages = referred_stages(sentence)
    if stages is None:
        return None
    return next((e for e in events if e.stage in stages), None)


def attach_investors(
    sentence: Sentence,
    placed: list[tuple[int, Event]],
    events: list[Event],
    current: Event | None,
    waiting: list[tuple[str, InvestorMention]] | None = None,
) -> Event | None:
    mentions = find_investors(sentence.text)
    referenced = _referenced(sentence.text, events) if not placed else None
    if referenced is not None:
        current = referenced
    hint = invested_company(sentence.text)
    for mention in mentions:
        target = None
        if hint and mention.name == hint[0]:
            target = next(
                (e for e in events if any(same_entity(hint[1], n) for n in e.names)), None
            )
            if target is None and not placed and waiting is not None:
                waiting.append((hint[1], mention))
                continue
        if target is None and placed:
            before = [e for pos, e in placed if pos <= mention.position]
            target = before[-1] if before else placed[0][1]
        target = target or current
        if (
            target is not None
            and target.stage == Stage.IPO
            and not _IPO_BUYER.search(sentence.text)
        ):
            continue  # a listing's investors buy in it; its backers and bankers do not
        if target is not None:
            add_investor(target, mention)
        elif waiting is not None:
            waiting.append(("", mention))  # named before any deal: the first one told
    return current


_IPO_BUYER = re.compile(
    r"\b(?:cornerstone|anchor|strategic investors?|subscrib\w+|order|orders|bought|buy|"
    r"buying|took up|take up)\b",
    re.IGNORECASE,
)


# "Bavaria had made its guarantee conditional, so the whole loan fell through."
_FELL_THROUGH = re.compile(
    r"\b(?:the|this|that|its) (?:[\w-]+ )?(?:loan|deal|round|investment|IPO|listing|offering|"
    r"financing|funding|tender|sale|transaction|grant|subsidy|subsidies)\b[^.;]{0,40}?\b"
    r"(?:fell through|collapsed|(?:was|were|has been|have been|had been) (?:called off|"
    r"cancell?ed|scrapped|withdrawn|shelved|abandoned|terminated|pulled))\b",
    re.IGNORECASE,
)


def attach_outcome(sentence: str, events: list[Event], current: Event | None) -> None:
    """An outcome told in a sentence of its own: the deal it refers to is off."""
    if _FELL_THROUGH.search(sentence):
        target = _referenced(sentence, events) or current
        if target is not None:
            target.status = "cancelled"


_PROGRESS = ["considering", "in_talks", "confirmed"]


def add_investor(target: Event, mention: InvestorMention) -> None:
    mention = InvestorMention(
        tidy_name(mention.name), mention.lead, mention.position, mention.commitment
    )
    if any(same_entity(mention.name, n) for n in target.names):
        return
    existing = target.investors.get(key(mention.name)) or _same_investor(target, mention.name)
    if existing:
        existing.lead = existing.lead or mention.lead
        # "may invest" in a headline, "is in talks to invest" in the body: the furthest.
        existing.commitment = max(existing.commitment, mention.commitment, key=_PROGRESS.index)
    else:
        target.investors[key(mention.name)] = ExtractedInvestor(
            mention.name, mention.lead, mention.commitment
        )


_GENERIC_TAIL = frozenset(
    word_list(
        """capital partners ventures venture group holdings management financial services
        global fund funds asset advisors investments motor motors electronics corp
        corporation inc co"""
    )
)


def _same_investor(event: Event, name: str) -> ExtractedInvestor | None:
    """ "Oak Hill" restating "Oak Hill Capital Partners": a short form of a listed investor.

    One name must be a word-prefix of the other, and the short form either two words
    long or missing only generic words ("Capital", "Partners"): "KT" is not "KT Investment".
    """
    words = key_words(name)
    for investor in event.investors.values():
        other = key_words(investor.name)
        short, long_ = (words, other) if len(words) <= len(other) else (other, words)
        if not short or long_[: len(short)] != short or short == long_:
            continue
        rest = set(long_[len(short) :])
        # "SoftBank" for "SoftBank Vision Fund 2": a fund named after its sponsor.
        if len(short) >= 2 or rest <= _GENERIC_TAIL or "fund" in rest:
            if len(words) > len(other):
                investor.name = name
            return investor
    return None
