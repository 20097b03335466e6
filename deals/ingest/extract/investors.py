"""Investors named in a sentence, with lead flags.

"led by X", "co-led by X and Y", "X led the round", "X is expected to lead",
"with participation from A, B and C", "existing investors A and B also participated",
"... added new names to its cap table: A, B", "funded by X", "a grant of EUR 250m from X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .entities import is_non_company_word
from .names import name_runs, split_name_list

# A list runs to the end of the clause; a full stop after an initial ("T. Rowe") is no end.
_LIST = r"(?P<list>(?:[^.;]|(?<=\b[A-Z])\.)+)"


@dataclass(frozen=True)
class InvestorMention:
    name: str
    lead: bool
    position: int  # where the phrase naming it starts, to pick the event it belongs to
    commitment: str = "confirmed"  # or "in_talks", "considering": a prospective investor


# Appositions and relative clauses hide the verb from its subject: "Birchwood, the Chinese
# venture firm that split from Oak Partners last year, is also planning to invest".
_APPOSITION = re.compile(
    r",\s+(?:(?:the|a|an|its)\s+(?P<adj>(?:[A-Z][\w-]*\s+){1,3})?[a-z][^,;]*|[A-Z][\w-]*'s\s+[a-z][^,;]*"
    r"|(?:which|who|whose)\s[^,;]*"
    r"|(?!including\b|according\b|following\b|excluding\b)[a-z]+ing\s(?:on|as|for|through|via)\b[^,;]*"
    r"),(?=\s)"
)
# "the Chinese venture firm that ..." is an apposition; "the German supplier Mubea and
# Siemens come in as ..." is a list item: a capitalised adjective needs a relative word.
_RELATIVE = re.compile(
    r"\b(?:that|which|who|whose|led|founded|based|chaired|owned|controlled|"
    r"run|known|backed)\b"
)
_STATE = re.compile(
    r"\b([Tt]he (?:(?:[A-Z][a-z]+ ){1,2}|federal |national |central |regional ))"
    r"(state|government)\b"
)

_FROM_NOUN = (
    r"(?:investment|funding|grant|loan|commitment|backing|capital|financing|"
    r"money|million|billion|bn|m|aid|subsidy|subsidies)"
)

_AFTER_PATTERNS: tuple[tuple[re.Pattern[str], bool], ...] = (
    # "led by" names investors only after a deal noun: "the portfolio, led by MET-097i" does not.
    (
        re.compile(
            rf"\b(?:round|financing|funding|investment|raise|transaction|deal|Series [A-J]|"
            rf"tranche|offering|sale|seed|capital|million|billion|bn|m|facility|loan|debt|tender|"
            rf"placement|secondary|"
            rf"credit line|notes|bonds?|lenders|banks|syndicate|consortium)\b[^.;]{{0,25}}?"
            rf"\b(?:co-)?led by\s+{_LIST}",
            re.IGNORECASE,
        ),
        True,
    ),
    (re.compile(rf"\bwith participation (?:from|by|of)\s+{_LIST}", re.IGNORECASE), False),
    # "with Baron Capital among the participants"
    (
        re.compile(
            r"\bwith\s+(?P<list>[A-Z][^.;]*?)\s+(?:also\s+)?(?:among|as) (?:the )?(?:other )?"
            r"(?:participants|investors|backers|lenders|co-investors)\b"
            # "with Tencent and Qiming also investing"
            r"|\bwith\s+(?P<list2>[A-Z][^.;]*?)\s+(?:also\s+)?(?:investing|participating|joining)\b"
        ),
        False,
    ),
    # "signed a EUR 150m convertible bond with X": the lender or holder.
    (
        re.compile(
            r"\b(?:loan|bond|bonds|notes|facility|credit line|debt financing)\s+with\s+"
            r"(?P<list>(?:the\s+)?[A-Z](?:[^.;]|(?<=\b[A-Z])\.)*)"
        ),
        False,
    ),
    # "a strategic investment of $1.5bn by Microsoft in G42"
    (
        re.compile(
            # "an investment firm run by X" describes the firm: X is no investor.
            r"\b(?:investment|stake|injection|commitment)\b"
            r"(?!\s+(?:firm|company|group|fund|manager|arm|bank|vehicle|house|office))"
            r"(?:[^.;]|\.(?=\d)){0,40}?\bby\s+"
            r"(?P<list>(?:the\s+)?[A-Z](?:[^.;]|(?<=\b[A-Z])\.)*)"
        ),
        False,
    ),
    (
        re.compile(
            rf"\b(?:funded|backed|financed|bankrolled)\s+(?:solely |entirely )?by\s+{_LIST}"
        ),
        False,
    ),
    (
        re.compile(
            rf"\b(?:investors|backers|names|shareholders|participants|lenders|individuals|"
            rf"family offices|angels)\b[^.:;]{{0,50}}"
            rf":\s*{_LIST}"
        ),
        False,
    ),
    (
        re.compile(
            rf"\b(?:investors|backers|lenders|lender group|investor group|participants|syndicate|"
            rf"consortium|individuals|family offices|angels)\b[^.;]{{0,60}}?\b(?:include|includes|"
            rf"included|including|comprises?|comprised|among them|such as)\s+{_LIST}"
        ),
        False,
    ),
    (
        re.compile(
            rf"\b(?:[Tt]he|[Tt]his|[Tt]hat) (?:round|financing|funding|raise|deal)\s+(?:also\s+)?"
            rf"(?:included|includes|include|drew|attracted)\s+{_LIST}"
        ),
        False,
    ),
    (
        re.compile(
            # The deal word nearest "from" starts the match: "EUR 600m in debt and a
            # EUR 250m grant from X" places X with the grant.
            # ... unless what comes "from" X is an order or a contract, not money.
            rf"\b{_FROM_NOUN}\b(?:(?!\b(?:{_FROM_NOUN}|orders?|contracts?)\b)[^.;]){{0,40}}?"
            r"\bfrom\s+"
            # "from truck maker Scania": a lowercase descriptor may precede the name.
            r"(?P<list>(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}[A-Z](?:[^.;]|(?<=\b[A-Z])\.)*)"
        ),
        False,
    ),
)
# A list continued after the verb: "A and B joined, as did C", "A took part, along with B".
_CONTINUED = re.compile(
    rf"(?:,\s+as (?:did|does|do|is|are|was|were)|,?\s+along with|,?\s+alongside|"
    rf",?\s+as well as|,?\s+together with)\s+(?:(?:new|other|existing)\s+"
    rf"(?:investors?|backers?|shareholders?)\s+)?{_LIST}"
)
_LEAD_VERBS = re.compile(
    r"\b(?:(?:co-)?led (?:the|a|an|its|their) (?:[^,.;]{0,30}?\s)?"
    r"(?:round|investment|financing|raise|deal|transaction|funding|"
    r"series|offering|share sale|purchase|tender|facility|loan)|"
    r"(?:is|are|was|were)\s+(?:expected|set|due|poised|likely|tipped)\s+"
    r"to\s+(?:co-)?lead\b|(?:will|would)\s+(?:co-)?lead\b"
    # "... will lead the business until a successor is found": managers, not investors.
    r"(?!\s+(?:the|a|an|its)\s+(?:business|company|team|group|firm|board|effort|project|"
    r"division|unit|restructuring|talks|negotiations))|(?:is|was|as)\s+(?:the\s+)?lead investor)"
)
_PARTICIPATE_VERBS = re.compile(
    r"\b(?:also\s+)?(?:participated|participates|participating|joined|joins|took part|"
    r"takes part|(?:are|is) (?:also )?taking part|invested|invests|put in|puts in|came in|"
    r"come in|(?:is|are) (?:also )?increasing (?:its|their) (?:investment|stake|holding)|"
    r"comes in|chipped in|bought in|buys in|subscribed|(?:has |have |had )?committed to (?:buy|"
    r"invest|subscribe|take up|purchase)|(?:have |has )?increased (?:their|its) (?:investment|"
    r"stake|holding)s?|(?:are|is) lining up to (?:take part|invest|join|participate)|"
    r"(?:is|are) (?:also )?planning to (?:invest|participate|join|take part)|"
    r"(?:is|are) (?:also )?(?:expected|set|due) to (?:invest|participate|join|take part)|"
    r"(?:is|are|was|were) (?:also )?among the (?:new |other )?"
    r"(?:investors|backers|participants|lenders|"
    r"shareholders)|(?:is|are) (?:also )?(?:backers|investors|shareholders|lenders)\b(?! in\b)|"
    # "would allow it to keep investing in the compute it needs": spending, not a stake.
    r"(?:also\s+)?(?:investing(?!\s+in\s+(?:the|its|their|new|more|its own)\b)|participating)\b|"
    r"(?:also\s+)?made (?:\w+\s+){0,2}investments? in (?:the|this|that) (?:round|financing)|"
    r"(?:also\s+)?(?:provided|provides|contributed|lent)\s+(?:the\s+)?(?:capital|financing|"
    r"funding|debt|loans?|money)|(?:is|are) (?:also )?in (?:talks|discussions) to (?:invest|"
    r"participate|join|take part)|"
    r"(?:is|are) (?:the only |among the )?new (?:names?|investors?|backers?|shareholders?))\b"
)
INVEST_IN = re.compile(
    r"\b(?:invest|inject|pump|plough|put)\w*\b[^.;]{0,60}?\b(?:in|into)\s+"
    r"(?P<company>[^,.;]{1,60}?)(?=,|\.|;|$|\s{2,}|\s(?:as|to|for|after|amid|while|and)\s)"
)
_CLAUSE_START = re.compile(
    r"(?:,\s+(?:and|while|but|when|with|in which|of which)\s+|;\s+|:\s+|(?<!\b[A-Z])\.\s+|^)"
)
_SUBJECT_VERB = re.compile(
    r"\b(?:has|have|had|is|are|was|were|will|would|could|can|may|might|said|says|announced|"
    r"announces|plans|expects|agreed|signed|won|pulled|walked|withdrew|considers|considering|"
    r"raised|raises|priced|prices|closed|closes|secured|secures|completed|completes|landed|"
    r"lands|added|adds|seeks|targets|filed|files|launched|launches|received|receives|got|gets|"
    r"bagged|nabbed|took|takes|led|leads|joined|invested|backed|eyes|walks|pulls)\b"
)
_LEADING_GROUP = re.compile(
    r"^(?:(?:existing|new|other|returning|current|previous|outside|strategic|institutional|"
    r"and|major)\s+)*(?:investors?|backers?|shareholders?|owners?|lenders?)\s+",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def reduce(sentence: str) -> str:
    """Blank out appositions (same length, so positions still match the sentence)."""
    text = _STATE.sub(lambda m: m.group(1).title() + m.group(2).capitalize(), sentence)
    return _APPOSITION.sub(_blank_apposition, text)


# An apposition describes; a stretch holding a figure and a financing verb is the clause
# itself ("In August, the Pune-based company raised $40m in a round led by Oak, ...").
_MAIN_CLAUSE = re.compile(
    r"[$\u20ac\u00a3\u00a5\u20a9\u20b9][^,;]*\b(?:led|round|raised)\b|"
    r"\b(?:raised|raises|secured|secures|closed|closes|landed|lands)\b[^,;]*"
    r"[$\u20ac\u00a3\u00a5\u20a9\u20b9]|"
    r"\b(?:raised|raises|secured|secures|closed|closes|completed|completes)\b[^,;]*"
    r"\b(?:million|billion|bn|mn|trillion|crore)\b"
)


# ", a list that included A, B and C": the apposition is the list itself.
_LIST_OPENER = re.compile(r"\b(?:includ\w*|such as|among them|namely)\b")


def _blank_apposition(m: re.Match[str]) -> str:
    if _MAIN_CLAUSE.search(m.group(0)) or _LIST_OPENER.search(m.group(0)):
        return m.group(0)
    if m.group("adj") and not _RELATIVE.search(m.group(0)):
        return m.group(0)
    return " " * len(m.group(0))


def clause_before(text: str, end: int) -> tuple[int, str]:
    start = 0
    for m in _CLAUSE_START.finditer(text, 0, end):
        if m.end() <= end:
            start = m.end()
    return start, text[start:end]


_APPOSITION_OPENER = re.compile(
    r"^\s*(?P<name>[A-Z][\w.&'-]*(?:\s[A-Z][\w.&'-]*){0,4}),\s+(?:the|a|an)\s+[\w-]"
)


def main_subject(text: str) -> str | None:
    """The last name before the sentence's first verb: "Private equity firm Cobalt has ..."."""
    opener = _APPOSITION_OPENER.match(text)
    head = opener.group("name") if opener else ""
    named = name_runs(head) if head else ()
    if named and named[0].text == head and not is_non_company_word(head):
        # "CoreWeave, the Roseland, New Jersey-based company that rents out Nvidia chips,
        # said": the name the apposition describes, however long the apposition.
        return named[0].text
    verb = _SUBJECT_VERB.search(text)
    head = text[: verb.start()] if verb else text[:80]
    # "Figure AI, the California developer of robots, said": a place in an apposition.
    runs = [r for r in name_runs(head) if not is_non_company_word(r.text)]
    return runs[-1].text if runs else None


@lru_cache(maxsize=4096)
def invested_company(sentence: str) -> tuple[str, str] | None:
    """(investor, company) for "Cobalt ... to inject GBP 4bn of new equity into Severn Water"."""
    text = reduce(sentence)
    m = INVEST_IN.search(text)
    if not m:
        return None
    investor = main_subject(text[: m.start()] + " is")
    target = re.sub(r"\s+(?:this|next|last|over|by|during)\b.*$", "", m.group("company").strip())
    last = target.split()[-1] if target.split() else ""
    if last[:1].islower() and last not in {"company", "startup", "start-up", "firm", "business"}:
        return None  # "invest in Japanese cloud infrastructure": spending, not a stake
    runs = name_runs(m.group("company"))
    company = runs[-1].text if runs else None
    if investor and company and investor != company:
        return investor, company
    return None


# Banks that underwrite or run the books of an offering sell it; they are not investors.
_UNDERWRITERS = re.compile(
    r"\b(?:underwrit\w*|(?:joint |lead |active )?book-?runn\w*|global coordinators?|"
    r"lead managers?|placement agents?)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def find_investors(sentence: str) -> tuple[InvestorMention, ...]:
    if _UNDERWRITERS.search(sentence):
        return ()
    text = reduce(sentence)
    found: list[InvestorMention] = []
    for regex, lead in _AFTER_PATTERNS:
        for m in regex.finditer(text):
            listed = m.group("list") or m.groupdict().get("list2") or ""
            for name in split_name_list(listed):
                found.append(InvestorMention(name, lead, m.start()))
    for regex, lead in ((_LEAD_VERBS, True), (_PARTICIPATE_VERBS, False)):
        for m in regex.finditer(text):
            start, prefix = clause_before(text, m.start())
            prefix = _LEADING_GROUP.sub("", prefix.strip())
            prefix = re.sub(r"\b(?:also|all|both|each|too)\b\s*$", "", prefix.strip())
            # A follower's verb places it: "A invested in $X, and B said it would put in $Y".
            at = start if lead else m.start()
            for name in split_name_list(prefix):
                found.append(InvestorMention(name, lead, at))
    if found:
        for m in _CONTINUED.finditer(text):
            listed = re.sub(r"^[^:]*:\s*", "", m.group("list"))
            for name in split_name_list(listed):
                found.append(InvestorMention(name, False, m.start()))
    pair = invested_company(sentence)
    if pair:
        found.append(InvestorMention(pair[0], False, 0))
    commitment = commitment_in(sentence)
    # "Korean", "HK", "January": a fragment of a longer phrase, not an investor.
    return tuple(
        InvestorMention(m.name, m.lead, m.position, commitment)
        for m in found
        if not is_non_company_word(m.name)
    )


_IN_TALKS = re.compile(
    r"\b(?:in (?:advanced |early |final |exclusive )?(?:talks|discussions|negotiations)|"
    r"negotiating)\b",
    re.IGNORECASE,
)
_CONSIDERING = re.compile(
    r"\b(?:consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|mull(?:s|ed|ing)?|explor(?:es|ed|ing)|"
    r"eye(?:s|ing)|(?:may|might|could) (?:invest|take|buy|join|participate))\b",
    re.IGNORECASE,
)


def commitment_in(sentence: str) -> str:
    """How far the investors a sentence names have got: talking, weighing, or committed."""
    if _IN_TALKS.search(sentence):
        return "in_talks"
    return "considering" if _CONSIDERING.search(sentence) else "confirmed"
