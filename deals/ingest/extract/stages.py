"""The stage vocabulary: which words make a financing a Series B, a seed round, an IPO, a
secondary sale, a grant, debt, growth or strategic money, and which words refer back to
one ("the loan", "this listing"). Every stage is a `Stage` value; a new stage word is an
edit here only.
"""

from __future__ import annotations

import re

from deals.models.choices import Stage

from .money import MoneyMention

_SERIES = re.compile(r"\bSeries\s+([A-J])(?:-?\d)?\b")
_IPO = re.compile(
    r"\b(?:IPO|initial public offering|flotation|go(?:es|ing)? public|"
    r"direct listing|(?:stock market|public|US|U\.S\.|New York|Nasdaq|NYSE) "
    r"listing)\b"
)
_STAGE_WORDS: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    (Stage.PRE_SEED, re.compile(r"\bpre-seed\b", re.IGNORECASE)),
    (
        Stage.SEED,
        re.compile(
            r"\bseed(?:\s+(?:round|funding|financing|stage|investment|capital))?\b"
            r"(?!\s+and\s+other)",
            re.IGNORECASE,
        ),
    ),
    (Stage.IPO, _IPO),
    (
        Stage.SECONDARY,
        re.compile(r"\b(?:secondary|tender offer|tender|share sale)\b", re.IGNORECASE),
    ),
    (Stage.GRANT, re.compile(r"\b(?:grant(?:s|ed)?|subsid(?:y|ies)|state aid)\b", re.IGNORECASE)),
    (
        Stage.DEBT,
        re.compile(
            r"\b(?:debt|loans?|credit (?:facility|line)|line of credit|notes|bonds?|"
            r"debtor-in-possession|DIP financing|"
            r"debentures?|borrow(?:ing|ed|s)?|lenders)\b",
            re.IGNORECASE,
        ),
    ),
    (Stage.GROWTH, re.compile(r"\bgrowth (?:round|equity|funding|financing)\b", re.IGNORECASE)),
    (
        Stage.STRATEGIC,
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
) -> Stage:
    series = [(abs(m.start() - mention.start), m.group(1)) for m in _SERIES.finditer(sentence)]
    if series:
        return series_stage(min(series)[1])
    # A stage word beyond another figure describes that figure: "EUR 600m in debt and a
    # EUR 250m grant".
    low = max([mention.start - 50, 0] + [m.end for m in others or [] if m.end <= mention.start])
    high = min([mention.end + 70] + [m.start for m in others or [] if m.start >= mention.end])
    window = _AHEAD_OF.sub(" ", sentence[low:high])
    for stage, regex in _STAGE_WORDS:
        if regex.search(window):
            if stage == Stage.DEBT and _EQUITY.search(window):
                return Stage.UNKNOWN
            return stage
    if single and _IPO.search(_AHEAD_OF.sub(" ", sentence)):
        return Stage.IPO
    return Stage.UNKNOWN


SERIES = frozenset(
    {
        Stage.SERIES_A,
        Stage.SERIES_B,
        Stage.SERIES_C,
        Stage.SERIES_D,
        Stage.SERIES_E,
        Stage.SERIES_F_PLUS,
    }
)


def series_stage(letter: str) -> Stage:
    """ "Series C" -> Series C; past E, one stage: Series F+."""
    letter = letter.upper()
    return Stage(f"series_{letter.lower()}") if letter <= "E" else Stage.SERIES_F_PLUS


# "the loan", "this Series C", "that listing": the deal a later sentence refers back to.
_REFERENCE_WORDS = {
    "tender": Stage.SECONDARY,
    "secondary": Stage.SECONDARY,
    "ipo": Stage.IPO,
    "offering": Stage.IPO,
    "listing": Stage.IPO,
    "loan": Stage.DEBT,
    "debt": Stage.DEBT,
    "grant": Stage.GRANT,
}
_NOT_EQUITY = {Stage.DEBT, Stage.GRANT}
_STAGE_REFERENCE = re.compile(
    rf"\b(?:the|this|that) (?:Series ([A-J])|({'|'.join(_REFERENCE_WORDS)}|equity))\b",
    re.IGNORECASE,
)


def referred_stages(sentence: str) -> set[Stage] | None:
    """The stages a back-reference in `sentence` can mean ("the equity": any but debt and
    grants); None when it refers to no deal by its kind."""
    m = _STAGE_REFERENCE.search(sentence)
    if not m:
        return None
    if m.group(1):
        return {series_stage(m.group(1))}
    word = m.group(2).lower()
    return set(Stage) - _NOT_EQUITY if word == "equity" else {_REFERENCE_WORDS[word]}
