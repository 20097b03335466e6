"""Deals told without their size.

A listing filed or called off ("Acme files for a Nasdaq IPO", "Acme has withdrawn its
application for an initial public offering", "Renault has scrapped its plan to float
Ampere") is an IPO event, pending or cancelled. A round closed without a figure ("Tekever
has closed a financing round led by Ventura Capital") is an event that counts once a
later sentence gives it an investor or a valuation.
"""

from __future__ import annotations

import re

from deals.models.choices import Stage

from .entities import is_non_company_word
from .names import name_runs
from .sentences import Sentence
from .stages import series_stage
from .subjects import subject_before_verb

_LISTING = r"(?:IPO|initial public offering|(?:stock market |public )?listing|flotation)"
_NAME = r"[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,4}"
_LISTING_WORD = re.compile(r"IPO|public offering|listing|flotation|float", re.IGNORECASE)
_FILED = re.compile(
    rf"\b(?P<verb>filed|files|has filed|filing)\b(?:[^.;]{{0,40}}?\b(?:for|its|an?)\b)"
    rf"[^.;]{{0,30}}?\b{_LISTING}",
    re.IGNORECASE,
)
_CALLED_OFF = re.compile(
    rf"\b(?P<verb>withdr[ae]w\w*|scrap\w*|shelve\w*|postpone\w*|pull(?:s|ed)?|abandon\w*|"
    rf"call(?:s|ed)? off|cancel\w*|ditch\w*)\b[^.;]{{0,50}}?\b(?:{_LISTING}|plan to float)",
    re.IGNORECASE,
)
# Whose listing: "Alibaba pulls Cainiao IPO", "plan to float Ampere", "to list Ampere on".
_OWNER = re.compile(
    rf"(?P<before>{_NAME})(?:'s)?\s+(?:planned\s+|proposed\s+|Hong Kong\s+|US\s+|Nasdaq\s+)?"
    rf"(?:IPO|listing|flotation)\b|\b(?:float|list)\s+(?P<after>{_NAME})"
)


def listing_news(sentence: Sentence) -> tuple[str | None, str] | None:
    """(company or None for "it", status) when the sentence files or calls off a listing
    without giving its size; None otherwise."""
    text = sentence.text
    if not _LISTING_WORD.search(text):
        return None
    found = _CALLED_OFF.search(text)
    status = "cancelled"
    if found is None:
        found, status = _FILED.search(text), "pending"
    if found is None:
        return None
    owner = _OWNER.search(text, found.start())
    if owner:
        name = owner.group("before") or owner.group("after")
        runs = name_runs(name)
        if runs:
            return runs[-1].text, status
    return subject_before_verb(text, found.start("verb")), status


_ROUND_CLOSED = re.compile(
    r"\b(?P<verb>raised|closed|completed|secured|landed|announced)\s+(?:a|an)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<kind>Series [A-J]\b|(?:financing|funding|investment) round\b)"
)


def round_news(sentence: Sentence) -> tuple[str | None, str] | None:
    """(company or None for "it", stage) when the sentence closes a round without a figure."""
    text = sentence.text
    if "round" not in text and "Series" not in text:
        return None
    found = _ROUND_CLOSED.search(text)
    if found is None:
        return None
    kind = found.group("kind")
    stage = Stage.UNKNOWN
    if kind.startswith("Series"):
        stage = series_stage(kind[-1])
    subject = subject_before_verb(text, found.start("verb"))
    if subject and not subject.startswith("\x00") and not is_non_company_word(subject):
        return subject, stage
    # "Shanghai's StepFun (...), founded by ..., said it had completed a Series B": the
    # first name that is not a place or an owner.
    for run in name_runs(text[: found.start()]):
        if not run.possessive and not is_non_company_word(run.text):
            return run.text, stage
    return None, stage
