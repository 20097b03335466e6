"""Dated, forward-looking events worth watching: a release, a trading debut, a pricing,
an offering or round close, a production start, a decision.

A milestone is a date after publication in a clause that looks ahead ("expects",
"is scheduled to", "plans to", "on track for"); its title is the clause's action
("start trading on the New York Stock Exchange"), its company the clause's subject
when that is a company of the article, else the article's primary company.
"""

from __future__ import annotations

import re
from datetime import date

from deals.ingest.types import DateRange, ExtractedMilestone

from .dates import FUTURE_CUE, find_dates
from .names import name_runs, same_entity
from .sentences import Sentence

_BOUNDARY = re.compile(r"(?:,\s+(?:and\s+|while\s+|but\s+)?|;\s+|\s+that\s+|\s+and\s+(?=[a-z]))")
_CUE = re.compile(
    r"\b(?:expects?|expected(?: to)?|plans?(?: to)?|planned|scheduled(?: to| for)?|due(?: to)?|"
    r"set(?: to)?|hopes?(?: to)?|aims?(?: to)?|intends?(?: to)?|is to|are to|will|would|may|"
    r"could|might|should|on (?:track|course)(?: to| for)?|targets?|target of|eyes|looking to|"
    r"slated(?: to| for)?|poised to|anticipated)\b",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"(?:\s+\b(?:in|on|by|for|at|the|of|from|before|after|until|during|to|"
    r"around|within|as|early|late|mid)\b)+\s*$",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:with|and|while|but|of|to|be|been|the|a|an|its|their|still|"
    r"also|now|then|keeps|remains)\s+)+",
    re.IGNORECASE,
)
_PAST_PERFECT = re.compile(r"\b(?:had|was|were|did)\b", re.IGNORECASE)
_FORMER_PLAN = re.compile(
    r"\b(?:had been|was|were) (?:originally |initially |previously )?(?:scheduled|expected|due|"
    r"set|planned|slated)\b",
    re.IGNORECASE,
)
_BASELINE = re.compile(r"^\W*(?:up|down) from\b|\bcompared (?:with|to)\b|\bversus\b", re.IGNORECASE)
_AUXILIARY_ONLY = re.compile(
    r"^(?:(?:is|are|was|were|will|would|has|have|had|be|been|also|now|still)\b\s*)*$",
    re.IGNORECASE,
)
_FRAGMENT = re.compile(r"^(?:for|of|from|about|with|than|like)\b", re.IGNORECASE)
_SURE_FUTURE = re.compile(
    r"\b(?:will|expected|scheduled|due|set to|on (?:track|course))\b", re.IGNORECASE
)
_PRONOUNS = frozenset(["that", "this", "it", "so", "them", "these", "those"])
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "be",
        "is",
        "are",
        "its",
        "their",
        "and",
        "or",
        "with",
        "in",
        "on",
        "at",
        "by",
        "for",
    ]
)
_ANAPHORA = re.compile(
    r"\bthe (project|plant|facility|site|mine|factory|programme|program)\b", re.IGNORECASE
)
_CLOSE = re.compile(
    r"\b(?:close|closes|closing|complet\w*|settle\w*|finali[sz]\w*)\b", re.IGNORECASE
)
_KINDS = (
    ("funding_close", _CLOSE),
    (
        "listing",
        re.compile(r"\b(?:trad\w+|listing|list|debut|go public|IPO|pric\w+)\b", re.IGNORECASE),
    ),
    (
        "product_release",
        re.compile(r"\b(?:release|launch\w*|ship\w*|roll\w* out|unveil\w*)\b", re.IGNORECASE),
    ),
    (
        "regulatory",
        re.compile(r"\b(?:approv\w+|decision|ruling|vote|regulat\w+|licen[cs]e)\b", re.IGNORECASE),
    ),
    (
        "facility",
        re.compile(
            r"\b(?:production|plant|operat\w+|deliver\w+|open\w*|facility|"
            r"construction|build\w*|data cent\w+)\b",
            re.IGNORECASE,
        ),
    ),
)
_DEAL_NAME = re.compile(
    r"\b(funding round|round|offering|rights issue|deal|raise|IPO|"
    r"tender offer|transaction)\b",
    re.IGNORECASE,
)


def _clause(text: str, start: int, end: int) -> str:
    begin = start
    for m in _BOUNDARY.finditer(text, start, end):
        begin = m.end()
    return text[begin:end]


def _resolve_anaphora(clause: str, previous: list[str]) -> str:
    """The project -> "Harrow Bay" when a recent sentence named "Harrow Bay, a ... project"."""
    m = _ANAPHORA.search(clause)
    if not m:
        return clause
    noun = m.group(1).lower()
    for sentence in reversed(previous):
        named = re.search(rf"([A-Z][\w-]*(?:\s[A-Z][\w-]*)*),\s+an?\s+[^,.]*\b{noun}\b", sentence)
        named = named or re.search(rf"\bthe\s+([A-Z][\w-]*(?:\s[A-Z][\w-]*)*)\s+{noun}\b", sentence)
        if named:
            return clause[: m.start()] + named.group(1) + clause[m.end() :]
    return clause


def _title(clause: str, sentence: str) -> str | None:
    cues = list(_CUE.finditer(clause))
    subject, action = (
        (clause[: cues[-1].start()], clause[cues[-1].end() :]) if cues else ("", clause)
    )
    action = _LEADING.sub("", _TRAILING.sub("", action.strip()))
    subject = _LEADING.sub("", _TRAILING.sub("", subject.strip()))
    subject = re.sub(r"^[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*'s\s+", "", subject)
    words = [w for w in re.findall(r"[\w.-]+", action) if w.lower() not in _STOP]
    if len(words) < 2:
        if _CLOSE.search(action) and not subject:
            deal = _DEAL_NAME.search(sentence)
            return f"{(deal.group(1) if deal else 'round').capitalize()} close"
        head = sentence.split(",")[0].strip() if "," in sentence else ""
        if (
            head
            and len(head) <= 80
            and _AUXILIARY_ONLY.match(subject)
            and re.match(r"^(?:is|are|was|were|will|would|has|have)\b", clause.strip(), re.I)
        ):
            # "Construction of X, designed for ..., is set to begin in June": the
            # sentence's opening noun phrase is what begins.
            subject = f"{head} to"
        action = f"{subject} {action}".strip()
    content = [w for w in re.findall(r"[\w.-]+", action) if w.lower() not in _STOP]
    if not content or (1 < len(content) < 3 and all(w.lower() in _PRONOUNS for w in content[1:])):
        return None
    if len(content) < 2 and not subject:
        return None
    action = re.sub(r"\s+", " ", action).strip(" ,")
    if _FRAGMENT.match(action):
        return None  # "for a team of 20 researchers this year": no event, only a purpose
    return action[:1].upper() + action[1:] if action else None


def _kind(title: str) -> str:
    return next((kind for kind, regex in _KINDS if regex.search(title)), "other")


def _company(clause: str, sentence: str, companies: list[str], primary: str | None) -> str | None:
    for text in (clause, sentence):
        for run in name_runs(text):
            match = next((c for c in companies if same_entity(run.text, c)), None)
            if match:
                return match
    return primary


def find_milestones(
    sentences: list[Sentence], published: date, companies: list[str], primary: str | None
) -> list[ExtractedMilestone]:
    found: list[ExtractedMilestone] = []
    ordered = [s for s in sentences if not s.is_heading] + [s for s in sentences if s.is_heading]
    for sentence in ordered:
        text = sentence.text
        if not FUTURE_CUE.search(text):
            continue
        previous_texts = [s.text for s in sentences[max(0, sentence.index - 2) : sentence.index]]
        last_end = 0
        for mention in find_dates(text, published):
            start, last_end = last_end, mention.end
            if mention.range.end <= published or re.search(r"\bago\b", mention.text):
                continue
            clause = _clause(text, start, mention.start)
            if not _CUE.search(clause) and not _CUE.search(text[: mention.start]):
                continue
            if _PAST_PERFECT.search(clause) and not _SURE_FUTURE.search(clause):
                continue  # "had put its listing plans on hold in April": looking back
            if _FORMER_PLAN.search(clause) or _BASELINE.search(clause):
                continue  # "had been scheduled to begin on Thursday", "up from 14 at the start"
            clause = _resolve_anaphora(clause, previous_texts)
            title = _title(clause, text)
            company = _company(clause, text, companies, primary)
            if not title or not company:
                continue
            found.append(
                ExtractedMilestone(
                    company=company,
                    title=title[:120],
                    date=mention.range,
                    kind=_kind(title),
                    sentence=text,
                    confidence=0.5 if sentence.is_heading else 0.6,
                )
            )
    return dedupe(found)


def _words(title: str) -> set[str]:
    return set(re.findall(r"[a-z0-9.]{4,}", title.lower()))


def _overlap(a: DateRange, b: DateRange) -> bool:
    return a.start <= b.end and b.start <= a.end


def dedupe(milestones: list[ExtractedMilestone]) -> list[ExtractedMilestone]:
    kept: list[ExtractedMilestone] = []
    for m in milestones:
        duplicate = any(
            same_entity(k.company, m.company)
            and _overlap(k.date, m.date)
            and (
                _words(k.title) & _words(m.title)
                or (k.kind == m.kind != "other" and k.date == m.date)
            )
            for k in kept
        )
        if not duplicate:
            kept.append(m)
    return kept
