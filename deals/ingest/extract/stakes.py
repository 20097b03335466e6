"""A corporate or a state buying into a company: "Acme will pay CNY 11.5bn for a 10% stake
in Beta", "Acme agreed to invest up to EUR 600m in Beta", "Acme will spend KRW 267bn on the
additional shares". The company is the one receiving the money; the buyer is its investor.

Outside a named round (no "round", "Series B", "IPO" in the sentence) such a purchase is a
strategic investment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .investors import clause_before, invested_company, main_subject, reduce
from .money import MoneyMention
from .names import name_runs, same_entity

_QUALIFIER = (
    r"(?:an?\s+)?(?:additional\s+|further\s+|extra\s+|fresh\s+|another\s+)?"
    r"(?:up to\s+|about\s+|around\s+|roughly\s+|some\s+|nearly\s+|as much as\s+|"
    r"more than\s+|over\s+)?"
)
# A buying verb right before the figure: "will pay", "invested", "to put in".
_BUY_BEFORE = re.compile(
    r"\b(?:invest(?:s|ed|ing)?|inject(?:s|ed|ing)?|put(?:s|ting)? in|pour(?:s|ed|ing)?|"
    r"pump(?:s|ed|ing)?|pay(?:s|ing)?|paid|spend(?:s|ing)?|spent)\s+" + _QUALIFIER + r"$",
    re.IGNORECASE,
)
# "... buy an identical 10% stake for CNY 11.5bn", "shares worth".
_STAKE_FOR = re.compile(
    r"\b(?:stake|shares|holding|interest)\b[^.;$\u20ac\u00a3\u00a5]{0,40}?\bfor\s+"
    + _QUALIFIER
    + r"$",
    re.IGNORECASE,
)
# What is bought: a stake in a named company, or shares.
_STAKE_IN = re.compile(
    r"\b(?:stake|shareholding|holding|interest|shares?)\s+in\s+(?:the\s+)?"
    r"(?P<target>[A-Z][^,.;()]{0,70})"
)
_INTO_AFTER = re.compile(r"^[^.;]{0,40}?\bin(?:to)?\s+(?P<target>[A-Z][^,.;()]{0,70})")
_FOR_SHARES = re.compile(
    r"^[^.;]{0,60}?\b(?:for|on)\s+(?:a|an|its|the|their)\s+(?:[^.;]|\.(?=\d)){0,40}?"
    r"\b(?:stake|shares|holding)\b",
    re.IGNORECASE,
)
_BUY_STAKE = re.compile(
    r"\b(?:buy|buys|bought|buying|acquire|acquires|acquired|take|takes|took|taking|raise|"
    r"raises|increase|increases)\s+(?:a|an|its|the|their)\s+[^.;]{0,40}?\bstake\b",
    re.IGNORECASE,
)
# Words that put the figure inside a named round or a listing, where the buyer is one
# investor among others.
_ROUND_WORDS = re.compile(
    r"\b(?:round|Series [A-J]|seed|IPO|initial public offering|listing|offering|placement|"
    r"rights issue|capital increase|loan|debt|bond|notes|grant|subsid\w+|(?:new|fresh) equity|"
    r"rescue|recapitali[sz]\w+|bailout)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StakeFrame:
    target: str | None  # None: the stake's company is named elsewhere in the article
    buyer: str | None
    in_round: bool  # the sentence names a round, listing or loan the purchase is part of
    provided: bool = False  # "provide X with ...": X receives even when the giver is unnamed


def stake_targets(sentence: str) -> list[str]:
    """Companies the sentence says someone holds or buys a stake in."""
    out = []
    for m in _STAKE_IN.finditer(sentence):
        runs = [r for r in name_runs(m.group("target")) if not r.possessive]
        if runs and runs[0].start == 0:
            out.append(runs[0].text)
    return out


# "decided to provide JASM with subsidies of up to JPY 732bn", "lend Acme EUR 100m": the
# company named after the verb receives; the verb's subject gives (a grant or a loan).
_PROVIDE_BEFORE = re.compile(
    r"\b(?:provid(?:e|es|ed|ing)|award(?:s|ed|ing)?|grant(?:s|ed|ing)?|lend(?:s|ing)?|lent|"
    r"extend(?:s|ed|ing)?|giv(?:e|es|ing)|gave)\s+(?P<target>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*)"
    r"\s+(?:with\s+)?(?:an?\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:of\s+)?" + _QUALIFIER + r"$"
)


def stake_frame(sentence: str, mention: MoneyMention, clause_start: int) -> StakeFrame | None:
    """The purchase a figure pays for, if the sentence frames it as one."""
    before = sentence[max(clause_start, mention.start - 80) : mention.start]
    after = sentence[mention.end : mention.end + 100]
    provided = _PROVIDE_BEFORE.search(before)
    if provided:
        verb_at = max(clause_start, mention.start - 80) + provided.start()
        return StakeFrame(provided.group("target"), buyer_of(sentence, verb_at), True, True)
    bought = _BUY_BEFORE.search(before)
    if not (bought or _STAKE_FOR.search(before)):
        return None
    if (
        bought
        and re.match(r"(?i)pa(?:y|id|ys|ying)|spen", bought.group(0))
        and not (
            _FOR_SHARES.match(after) or _BUY_STAKE.search(sentence) or _STAKE_IN.search(sentence)
        )
    ):
        return None  # "paid $2m in fines", "spent $1bn on marketing"
    if bought and not re.match(r"(?i)pa|spen", bought.group(0)):
        spent = re.match(r"^[^.;]{0,40}?\bin(?:to)?\s+(?:the\s+|its\s+|new\s+)?[a-z]", after)
        if spent and not _STAKE_IN.search(sentence):
            return None  # "invest $10bn in data centres": spending on things
    target = None
    into = _INTO_AFTER.match(after)
    if into and bought and not bought.group(0).lower().startswith(("pa", "spen")):
        runs = [r for r in name_runs(into.group("target")) if not r.possessive]
        target = runs[0].text if runs and runs[0].start == 0 else None
    if target is None:
        targets = stake_targets(sentence)
        target = targets[0] if targets else None
    if target is None and bought and not _FOR_SHARES.match(after):
        # "A will invest EUR 600m in Beta, and C said it would put in EUR 200m": the
        # company is the one the sentence invests in; without one, a figure "put in" is
        # one investor's part of a round ("B is putting in GBP 45m, keeping its stake").
        pair = invested_company(sentence)
        if pair is None:
            return None
        target = pair[1]
    verb_at = (bought.start() if bought else 0) + max(clause_start, mention.start - 80)
    buy = None if bought else _BUY_STAKE.search(sentence[:verb_at] + before)
    if buy:
        verb_at = buy.start()
    buyer = buyer_of(sentence, verb_at)
    if buyer and target and same_entity(buyer, target):
        buyer = None
    return StakeFrame(target, buyer, bool(_ROUND_WORDS.search(sentence)))


_RELATIVE_TAIL = re.compile(r",\s+(?:which|who)\s+(?:[\w-]+\s+){0,3}$")


def buyer_of(sentence: str, verb_at: int) -> str | None:
    """Who buys: the subject of the buying verb's clause ("Toyota said it will invest",
    "Avatr, the EV brand of Changan, which agreed to buy")."""
    text = reduce(sentence)
    start, clause = clause_before(text, verb_at)
    relative = _RELATIVE_TAIL.search(clause)
    if relative:
        runs = [r for r in name_runs(clause[: relative.start()].rstrip()) if not r.possessive]
        return runs[-1].text if runs else None
    return main_subject(clause + " is")
