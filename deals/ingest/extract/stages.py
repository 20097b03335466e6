"""The stage vocabulary: which words make a financing a Series B, a seed round, an IPO, a
secondary sale, a grant, debt, growth or strategic money.
"""

from __future__ import annotations

import re

from .money import MoneyMention

_SERIES = re.compile(r"\bSeries\s+([A-J])(?:-?\d)?\b")
_STAGE_WORDS = (
    ("pre_seed", re.compile(r"\bpre-seed\b", re.IGNORECASE)),
    (
        "seed",
        re.compile(
            r"\bseed(?:\s+(?:round|funding|financing|stage|investment|capital))?\b"
            r"(?!\s+and\s+other)",
            re.IGNORECASE,
        ),
    ),
    (
        "ipo",
        re.compile(
            r"\b(?:IPO|initial public offering|flotation|go(?:es|ing)? public|"
            r"direct listing|(?:stock market|public|US|U\.S\.|New York|Nasdaq|NYSE) "
            r"listing)\b"
        ),
    ),
    ("secondary", re.compile(r"\b(?:secondary|tender offer|tender|share sale)\b", re.IGNORECASE)),
    ("grant", re.compile(r"\b(?:grant(?:s|ed)?|subsid(?:y|ies)|state aid)\b", re.IGNORECASE)),
    (
        "debt",
        re.compile(
            r"\b(?:debt|loans?|credit (?:facility|line)|line of credit|notes|bonds?|"
            r"debtor-in-possession|DIP financing|"
            r"debentures?|borrow(?:ing|ed|s)?|lenders)\b",
            re.IGNORECASE,
        ),
    ),
    ("growth", re.compile(r"\bgrowth (?:round|equity|funding|financing)\b", re.IGNORECASE)),
    (
        "strategic",
        re.compile(r"\bstrategic (?:investment|round|funding|financing)\b", re.IGNORECASE),
    ),
)
# "raises $50m ahead of a planned IPO": the listing is where the company is heading.
_AHEAD_OF = re.compile(
    r"\b(?:ahead of|before|in preparation for|preparing for|en route to|pre-)\s*"
    r"(?:an?\s+|its\s+|the\s+)?(?:planned\s+|potential\s+|eventual\s+|possible\s+|"
    r"future\s+)?(?:IPO|initial public offering|listing|stock market listing|flotation)\b",
    re.IGNORECASE,
)
_EQUITY = re.compile(r"\bequity\b", re.IGNORECASE)


def stage_of(
    sentence: str, mention: MoneyMention, single: bool, others: list[MoneyMention] | None = None
) -> str:
    series = [(abs(m.start() - mention.start), m.group(1)) for m in _SERIES.finditer(sentence)]
    if series:
        letter = min(series)[1]
        return f"series_{letter.lower()}" if letter <= "E" else "series_f_plus"
    # A stage word beyond another figure describes that figure: "EUR 600m in debt and a
    # EUR 250m grant".
    low = max([mention.start - 50, 0] + [m.end for m in others or [] if m.end <= mention.start])
    high = min([mention.end + 70] + [m.start for m in others or [] if m.start >= mention.end])
    window = _AHEAD_OF.sub(" ", sentence[low:high])
    for stage, regex in _STAGE_WORDS:
        if regex.search(window):
            if stage == "debt" and _EQUITY.search(window):
                return "unknown"
            return stage
    if single and _STAGE_WORDS[2][1].search(_AHEAD_OF.sub(" ", sentence)):
        return "ipo"
    return "unknown"
