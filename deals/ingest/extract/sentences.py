"""Sentence splitting that survives the abbreviations of business news.

"J.P. Morgan", "Acme, Inc.", "Oct. 9", "U.S. IPO" and "$1.37 bln" must not end a
sentence; a headline line without a full stop is a sentence of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import word_list

# Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    word_list(
        """
        mr mrs ms dr st sr jr prof gov sen rep gen lt col mt ft inc corp co ltd plc bros no
        nos vs etc approx est dept jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k
        u.n e.u e.g i.e a.m p.m s.a n.v u.s.a
        """
    )
)
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$\u00a3\u20ac\u00c0-\u00de])")
# "NEW YORK, Sept 9 (MarketWire) - ", "STOCKHOLM and LONDON, January 22, 2025 /Newswire/ -- ":
# the dateline dates the article; left in, its city would pass for the sentence's subject.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'&-]+(?:[ ,]+(?:and\s+)?[A-Z][A-Z.'&-]+)*,\s+(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}"
    r"(?:,\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)\s*(?:\([^)]{1,40}\)|/[^/]{1,40}/)?"
    r"\s*(?:--|-|\u2014|\u2013)\s*"
)
# A press-release dateline: "ABU DHABI, United Arab Emirates and REDMOND, Wash. -- April
# 15, 2024 -- ": places in any case, then a full date between dashes.
_RELEASE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'&-]+(?:\s[A-Z][A-Z.'&-]+)*,[^\n]{0,100}?\s(?:--|-|\u2014|\u2013)\s*"
    r"(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
    r"\s*(?:--|-|\u2014|\u2013|/[^/]{1,40}/\s*(?:--|-|\u2014|\u2013)?)\s*"
)
_LAST_WORD = re.compile(r"([\w.]+)[.!?]+[\"')\]]*\s+$")


@dataclass(frozen=True)
class Sentence:
    text: str
    index: int  # position among the article's sentences
    paragraph: int
    is_heading: bool  # a title or standfirst line without a closing full stop


def _splits_here(chunk: str) -> bool:
    """True when the text up to a candidate boundary really ends a sentence."""
    match = _LAST_WORD.search(chunk)
    if not match:
        return True
    word = match.group(1).lower()
    if word in _ABBREVIATIONS:
        return False
    if re.search(r"\bSeries [A-Z][.!?]\s+$", chunk):
        return True  # "a second close of its Series F. Of that, ...": a stage, not an initial
    # A single capital initial ("T. Rowe Price") or a dotted acronym ("J.P.").
    return not (len(word) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", word))


def split_paragraph(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        if _splits_here(paragraph[start : match.end()]):
            piece = paragraph[start : match.end()].strip()
            if piece:
                out.append(piece)
            start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split on lines (paragraphs), then on sentence boundaries inside each line."""
    sentences: list[Sentence] = []
    for p_index, line in enumerate(filter(None, (ln.strip() for ln in text.split("\n")))):
        line = _DATELINE.sub("", line)
        line = _RELEASE_DATELINE.sub("", line)
        heading = not line.rstrip("\"')").endswith((".", "!", "?", ":")) and len(line) < 240
        for piece in split_paragraph(line):
            sentences.append(Sentence(piece, len(sentences), p_index, heading))
    return sentences
