"""The company a financing figure belongs to: the subject of the financing verb ("Acme
raised"), the object of an investment ("inject GBP 4bn into Severn Water"), a possessive
("Acme's round"), or, for "it"/"the company", the article's primary company (PRONOUN).
"""

from __future__ import annotations

import re

from .investors import INVEST_IN, invested_company, main_subject
from .money import MoneyMention
from .names import LEGAL_SUFFIX, name_runs

PRONOUN = "\x00primary"  # stands for "it", "the company": resolved to the primary company

_CLAUSE_BREAK = re.compile(r"(?:;\s|:\s|\s\(|,\s+(?:while|but|whereas)\s)")
FIN_VERB = re.compile(
    r"\b(?:rais(?:e|es|ed|ing)|secur(?:e|es|ed|ing)|clos(?:e|es|ed|ing)|land(?:s|ed)?|"
    r"bag(?:s|ged)?|garner(?:s|ed)?|gather(?:s|ed)?|attract(?:s|ed)|receiv(?:e|es|ed)|"
    r"obtain(?:s|ed)|won|wins?|add(?:s|ed)?|seek(?:s|ing)?|target(?:s|ed|ing)?|"
    r"collect(?:s|ed)|pull(?:s|ed)? in|nab(?:s|bed)?|pick(?:s|ed)? up|award(?:s|ed)?|"
    r"sign(?:s|ed)?|announc(?:e|es|ed)|complet(?:e|es|ed)|pric(?:e|es|ed|ing)|"
    r"launch(?:es|ed|ing)?|open(?:s|ed|ing)?|gets?|got|draw(?:s|n)?|drew|lock(?:s|ed)? in|"
    r"haul(?:s|ed)?|rake(?:s|d)? in|tap(?:s|ped)?|borrow(?:s|ed)?|put(?:s)?|adds?|"
    r"becomes?|walks? away|pull(?:s|ed)? out)\b",
    re.IGNORECASE,
)
_AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|is|are|was|were|will|would|could|can|may|might|also|now|"
    r"quietly|reportedly|just|today|recently|already|finally|officially|been|be|in|advanced|"
    r"early|final|talks|to|looking|seeking|set|expected|plans|planning|aims|hopes|that|said|"
    r"says|announced|the|of|successfully|itself|reportedly|still|yet|then|first))+\s*$",
    re.IGNORECASE,
)
_PRONOUN_TAIL = re.compile(
    r"\b(?:it|the (?:[\w-]+\s+){0,3}?(?:company|startup|start-up|group|firm|bank|lender|"
    r"business|utility|developer|maker|platform|fintech|insurer|operator|unicorn|provider|"
    r"designer|manufacturer|retailer|app|marketplace|lab))\s*$",
    re.IGNORECASE,
)
_POSSESSIVE_HEAD = re.compile(
    r"(?P<name>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*)'s\s+[a-z][\w\s-]{0,40}$"
)
_COMPANY_AFTER = re.compile(
    r"^\s+(?!Series\b|Seed\b|Pre-)(?P<name>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*)\s+(?:rescue|recapitali\w+|round|IPO|raise|"
    r"funding|financing|bailout|listing)\b"
)


def clause_start(text: str, position: int) -> int:
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, position):
        start = m.end()
    return start


def subject_before_verb(text: str, verb_start: int) -> str | None:
    """The name or pronoun right before a verb, skipping auxiliaries and appositions."""
    head = _AUXILIARY_TAIL.sub("", text[:verb_start].rstrip())
    head = LEGAL_SUFFIX.sub("", head.rstrip(" ,")) + ("," if head.endswith(",") else "")
    if head.endswith(","):
        # "Acme, the New York fintech that sells ... to businesses, has raised": the
        # subject is the name the apposition hangs on, at the start of the sentence.
        for run in name_runs(head)[:3]:
            if not run.possessive and head[run.end : run.end + 1] == "," and run.start < 60:
                return run.text
    head = head.rstrip(" ,")
    relative = re.search(r",\s+(?:which|who|that)$", head)
    if relative:
        # "rivals such as Beta's xAI, which raised": the name the clause hangs on.
        head = head[: relative.start()]
        runs = name_runs(head)
        return runs[-1].text if runs and runs[-1].end >= len(head) - 2 else None
    if _PRONOUN_TAIL.search(head):
        return PRONOUN
    possessive = _POSSESSIVE_HEAD.search(head)
    if possessive:
        owners = [r for r in name_runs(head[possessive.start() :]) if r.possessive]
        if owners:
            return owners[0].text
    runs = name_runs(head)
    if runs and runs[-1].end >= len(head) - 1:
        return runs[-1].text
    return None


_ROUND_IN = re.compile(r"^[^.;,]{0,40}?\bin\s+(?:the\s+)?(?:[\w-]+-based\s+)?(?P<rest>[A-Z].*)")
_BACKER_VERB = re.compile(
    r"\b(?:(?:co-)?led|invested|participated in|joined|backed|took part in)\s+(?:a|an|the)\b"
)


def company_for(sentence: str, reduced: str, mention: MoneyMention) -> str | None:
    pair = invested_company(sentence)
    invest = INVEST_IN.search(reduced)
    if pair and invest and invest.start() < mention.start:
        # "A is in talks to invest in B as part of a $200m round": B's round, A invests.
        clause = clause_start(reduced, mention.start)
        if invest.start() >= clause or mention.start < invest.end():
            return pair[1]
    after = _COMPANY_AFTER.match(sentence[mention.end :])
    if after:
        return after.group("name")
    start = clause_start(reduced, mention.start)
    backed = _ROUND_IN.match(sentence[mention.end :])
    if backed and _BACKER_VERB.search(reduced, start, mention.start):
        # "Alibaba led a round of $600m in Shanghai-based MiniMax": the backed company.
        runs = [r for r in name_runs(backed.group("rest")) if not r.possessive]
        if runs and runs[0].start == 0:
            return runs[0].text
    verbs = list(FIN_VERB.finditer(reduced, start, mention.start))
    for verb in reversed(verbs):
        subject = subject_before_verb(sentence, verb.start())
        if subject == PRONOUN:
            return pair[1] if pair else (main_subject(reduced) or PRONOUN)
        if subject:
            return subject
    possessives = [r for r in name_runs(reduced[start : mention.start]) if r.possessive]
    if possessives:
        return possessives[-1].text
    subject = main_subject(reduced)
    pronoun = re.search(r"\b(?:it|its|the company)\b", reduced[: mention.start])
    # "WeRide sold its shares at HK$27 apiece, raising ...": "its" after the subject is it.
    if subject and (pronoun is None or 0 <= reduced.find(subject) < pronoun.start()):
        return subject
    return PRONOUN
