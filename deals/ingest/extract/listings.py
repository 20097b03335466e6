"""A listing told without its size: "Acme files for a Nasdaq IPO", "Acme has withdrawn its
application for an initial public offering", "Renault has scrapped its plan to float
Ampere". Each is an IPO event of the company, pending or cancelled, figures or not.
"""

from __future__ import annotations

import re

from .names import name_runs
from .sentences import Sentence
from .subjects import subject_before_verb

_LISTING = r"(?:IPO|initial public offering|(?:stock market |public )?listing|flotation)"
_NAME = r"[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,4}"
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
