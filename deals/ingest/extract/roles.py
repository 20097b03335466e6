"""What a money figure is doing in its sentence: the amount of a financing, a valuation,
or something else (revenue, a fine, a total raised to date, one investor's share, a
tier of a tender, a price per share).
"""

from __future__ import annotations

import re
from decimal import Decimal

from deals.models.choices import ValuationBasis

from .entities import is_place
from .money import MoneyMention
from .text import word_list

AMOUNT, VALUATION, TOTAL, OTHER = "amount", "valuation", "total", "other"

_CUR = r"[$\u20ac\u00a3\u00a5\u20a9\u20b9]"
_PER_SHARE = re.compile(
    r"^\s*(?:per|a|each)\s+(?:share|unit|ads|ordinary share)\b|^\s*apiece|"
    r"^\s*each\b",
    re.IGNORECASE,
)
_NOT_DEAL_BEFORE = re.compile(
    r"\b(?:term sheets?|orders?|bids?|demand|revenues?|sales|turnover|profits?|loss(?:es)?|"
    r"income|ebitda|earnings|fined?|fines|penalty|spent|spending|costs?|budget|salary|bonus|"
    r"treasury|assets|cash|market size|worth of|contracts?|acquisition of|acquired|acquire|"
    r"bought|sold|carries|carrying|owes|saddled|burdened|debts? of|net debt|liabilities|"
    r"buy-?backs?|repurchases?|made up of|consists? of|comprising|forgiv\w+|waiv\w+|"
    r"writ(?:e|es|ing|ten) off|"
    r"registered capital|priced from|starting (?:at|from)|retails? (?:at|for))\b"
    r"[^$\u20ac\u00a3\u00a5\u20a9\u20b9]{0,30}$",
    re.IGNORECASE,
)
_NOT_DEAL_AFTER = re.compile(
    r"^\s*(?:in (?:revenue|sales|annual|arr|profit|losses?|treasury|assets|cash|customer|"
    r"deposits|fines?)|of (?:revenue|sales|losses?|debt\b(?!\s+financing))|a year\b|per year|"
    r"annually|in annual|of (?:cash|liquidity|principal|(?:cash )?collateral|"
    r"(?:capitali[sz]ed )?interest)\b|(?:orders?|contracts?) (?:from|with|for)\b)",
    re.IGNORECASE,
)
_TOTAL_BEFORE = re.compile(
    r"\b(?:total|totals|totalling|totaling|to date|so far|altogether|cumulative|"
    r"together (?:raised|brought in|secured|took in|attracted)|"
    r"(?:a|the) combined|"
    r"now raised|"
    r"lifetime|in all)\b[^$\u20ac\u00a3\u00a5\u20a9\u20b9]{0,70}$",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(
    r"^[^.;$]{0,40}?\b(?:in total|to date|so far|since (?:its |it was |the company was |"
    r"launch|found|incep|inception)|(?:over|in|during) the (?:past|last) (?:year|decade|"
    r"(?:\w+ )?(?:months|years|weeks))|over (?:several|many|multiple|a few|the|\w+) years|"
    r"before (?:this|the (?:latest|new|current)) (?:deal|round|raise|financing)|"
    r"between them|combined|in aggregate)",
    re.IGNORECASE,
)
_PART_BEFORE = re.compile(
    r"\b(?:of which|remaining|set aside|earmarked|reserved)\b[^$\u20ac\u00a3\u00a5]{0,20}$|"
    # An offering's parts: "a fresh issue of shares worth INR 4,499 crore and an OFS of ..."
    r"\b(?:fresh issue|offer for sale|OFS)\b[^$\u20ac\u00a3\u00a5\u20b9]{0,30}$",
    re.IGNORECASE,
)
# "An earlier version of this article said Grab had raised $1.25bn": the figure withdrawn.
_RETRACTED = re.compile(
    r"\b(?:(?:an? )?(?:earlier|previous) version of|incorrectly|erroneously|wrongly)\b[^.;]{0,80}$",
    re.IGNORECASE,
)
# One part of a raise, named by its kind: a round of its own (equity, loans, grants).
_SOURCED_PART = re.compile(
    r"^\s*(?:comes?|came|is|are|was|were)\s+(?:from|in|as)\s+(?:new\s+|bank\s+|\w+\s+)?"
    r"(?:loans?|debt|equity|grants?|subsidies|bonds?|convertible notes)\b",
    re.IGNORECASE,
)
_PART_AFTER = re.compile(
    r"^\s*(?:of (?:the|this|that) (?:tender|round|offering|raise|deal|funding|financing|total|"
    r"proceeds|money|package|sum)|(?:is |are |was |were |will be )?(?:set aside|earmarked|"
    r"reserved|available to|allocated)|from (?:\w+ )?(?:anchor|cornerstone) investors)",
    re.IGNORECASE,
)
_SHARE_BEFORE = re.compile(
    r"\b(?:contribut\w+|putting in|puts in|committ\w+ to (?:buy|invest|subscribe|purchase)|"
    r"is investing|are investing|in (?:advanced |early )?(?:talks|discussions) to invest|"
    r"subscrib\w+ for|taking|buying|purchasing)\b"
    r"[^$\u20ac\u00a3\u00a5]{0,25}$",
    re.IGNORECASE,
)
# "is expected to lead the round with about $1bn": one investor's part of the round.
_LEAD_SHARE = re.compile(
    r"\b(?:lead|leads|leading|led|co-lead|co-leading|anchor|anchoring)\b[^.;$\u20ac\u00a3]{0,40}"
    r"\bwith\s+(?:about|around|roughly|some|up to|as much as|nearly|almost|more than)?\s*$",
    re.IGNORECASE,
)
# "will invest EUR 163m in Eutelsat, joining a capital increase ...": one investor's part.
JOINING = re.compile(
    r"^[^.;]{0,60}?\b(?:joining|to join|as part of) (?:a|an|the|its) [^.;]{0,40}?\b(?:round|"
    r"capital (?:increase|raise)|rights issue|offering|financing|fundraising|raise)\b",
    re.IGNORECASE,
)
# "$1bn investment in UK data centres": spending on things, not a stake in a company.
_SPENDING_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:new\s+)?(?:investments?|spending|capex|capital expenditure)\s+"
    r"(?:in(?:to)?|at)\s+(?P<obj>[^,.;]{1,80})",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(
    r"(?:\s+(?:this|next|last|over|by|in|during|through|until)\b.*)$", re.IGNORECASE
)
_COMPANY_NOUNS = frozenset(
    word_list(
        """company startup start-up firm business group lender bank venture unicorn it them
        insurer platform developer maker operator"""
    )
)


# "an investment of EUR 3.2bn to expand its data centres": money spent, not raised.
_SPEND_BEFORE = re.compile(
    r"\b(?:invest\w*|spend\w*)\s+(?:of\s+)?(?:an estimated |about |around |some |roughly |"
    r"nearly |up to |more than |over )?$"
)
# "plans to invest about KRW 120tn over the long term": invested in nothing named.
_INVEST_VERB_BEFORE = re.compile(
    r"\binvest(?:s|ed|ing)?\s+(?:an estimated |about |around |some |roughly |nearly |up to |"
    r"more than |over |an additional |a further )?$"
)
_NAMED_OBJECT_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:in(?:to)?|for)\s+(?:the\s+)?(?P<obj>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*)"
)
# "plans to raise its investment in the United States to $165bn": its own spending.
_OWN_SPENDING_BEFORE = re.compile(
    r"\b(?:raise|raising|increase|increasing|lift|lifting|boost|boosting)\s+(?:its|their)\s+"
    r"(?:total\s+)?investment\b[^$\u20ac\u00a3\u00a5\u20a9\u20b9]{0,40}\bto\s*$",
    re.IGNORECASE,
)
# "will invest $2bn in new battery factories": the object decides, as after "investment".
_INVEST_INTO = re.compile(r"^\s*in(?:to)?\s+(?P<obj>[^,.;]{1,80})")
_SPEND_PURPOSE = re.compile(
    r"^\s+to\s+(?:expand|build|fund|develop|construct|increase|boost|upgrade|add)\b"
)


def _is_spending(after: str, before: str = "") -> bool:
    if _SPEND_BEFORE.search(before) and _SPEND_PURPOSE.match(after):
        return True
    if _OWN_SPENDING_BEFORE.search(before) or re.match(r"^\s*investment at\b", after):
        return True
    if _INVEST_VERB_BEFORE.search(before):
        named = _NAMED_OBJECT_AFTER.match(after)
        # "invest GBP 1bn in the UK": a place is where money is spent, not who receives it.
        return not named or is_place(named.group("obj").split(",")[0].strip())
    into = _INVEST_INTO.match(after)
    if into and _SPEND_BEFORE.search(before) and not re.search(r"[A-Z]", into.group("obj")):
        return _lowercase_object(into.group("obj"))
    m = _SPENDING_AFTER.match(after)
    if not m:
        return False
    return _lowercase_object(m.group("obj"))


def _lowercase_object(obj: str) -> bool:
    """Things, not a company: "new battery factories", not "the company"."""
    words = _TIME_TAIL.sub("", obj.strip()).split()
    if not words:
        return False
    last = words[-1].strip("'\"")
    return last[:1].islower() and last.lower() not in _COMPANY_NOUNS


_SELLING_SHARES_BEFORE = re.compile(
    r"\b(?:sell|sells|selling|sold|offer|offers|offering)\s+"
    r"(?:up to |about |around |some |roughly |nearly |as much as )?$",
    re.IGNORECASE,
)
_OF_SHARES_AFTER = re.compile(
    r"^\s*(?:worth\s+)?of\s+(?:their|its|the company's|existing|employee)?\s*(?:shares|stock)\b",
    re.IGNORECASE,
)
_SHARES_WORTH = re.compile(
    r"\b(?:sell|sells|selling|sold|offer|offers|offering|issue|issuing)\s+(?:new\s+)?"
    r"(?:shares|stock)\s+worth\b[^$\u20ac\u00a3\u00a5\u20a9\u20b9]{0,25}$",
    re.IGNORECASE,
)
_VALUATION_WORDS = re.compile(
    r"\b(?:valu(?:ation|ed|ing|es|e)|worth|price tag of|market (?:value|capitali[sz]ation) of|"
    r"capitali[sz]ed at)\b",
    re.IGNORECASE,
)
_VALUATION_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:(?:post|pre)-money\s+)?(?:valuation|price tag|market (?:value|cap))"
    r"|^\s*(?:(?:that|which|at which)\s+)?(?:it|the company|[A-Z][\w.&-]*)\s+(?:was|were|is|"
    r"had been|has been)\s+valued\b",
    re.IGNORECASE,
)
_FINANCING_WORDS = re.compile(
    r"\b(?:rais\w*|secur\w*|clos(?:e|es|ed|ing)|land(?:s|ed)?|bag(?:s|ged)?|garner\w*|"
    r"gather\w*|attract\w*|receiv\w*|obtain\w*|won|wins?|add(?:s|ed)?|inject\w*|seek\w*|"
    r"target\w*|collect\w*|pull\w* in|nab\w*|pick\w* up|award\w*|sign\w*|announc\w*|"
    r"complet\w*|pric\w*|launch\w*|open\w*|gets?|got|draw\w*|lock\w* in|snag\w*|scoop\w*|"
    r"haul\w*|rake\w* in|tap\w*|borrow\w*|funding|financing|round|investment|injection|grant|"
    r"loan|facility|offering|tender|ipo|debt|equity|capital|backing|commitment|fundrais\w*|"
    r"recapitali[sz]\w*|rescue|issue|series [a-z]|new money|invest(?:s|ed|ing)?|"
    r"subsid\w+|state aid)\b",
    re.IGNORECASE,
)
_FINANCING_AFTER = re.compile(
    r"^\s*(?:[\w'-]+\s+){0,3}?(?:round|[Ss]eries|[Ss]eed|[Pp]re-seed|funding|financing|investment|raise|"
    r"fundraise|rescue|recapitali[sz]\w*|bailout|grant|subsid\w+|state aid|(?i:ipo)|"
    r"initial public|listing|flotation|"
    r"offering|facility|rights issue|tender|"
    r"share sale|capital (?:raise|increase)|placement|convertible|(?:new |fresh )equity|"
    r"(?:emergency |bridge |term |"
    r"green |venture )?(?:loan|debt|credit)|of (?:new |fresh |additional |project |growth )?"
    r"(?:[\w-]+-[\w-]+ )?"
    r"(?:equity|funding|capital|financing|investment|debt|loans?|cash)|in (?:new |fresh |"
    r"additional |growth |equity |venture |debt )?(?:funding|capital|financing|equity|investment|"
    r"backing|subsidies|state aid|aid|grants?)|from\s+(?:[A-Z]|its |existing |new |investors|"
    r"backers))",
)
_PRE_MONEY = re.compile(r"\bpre-money\b", re.IGNORECASE)
_POST_MONEY = re.compile(r"\bpost-money\b", re.IGNORECASE)
MIN_DEAL = Decimal(50_000)


def classify(sentence: str, mention: MoneyMention, clause_start: int) -> str:
    """The role of one money mention, from the words around it in its clause."""
    if mention.value < MIN_DEAL:
        return OTHER
    before = sentence[max(clause_start, mention.start - 90) : mention.start]
    # A stated conversion ends the mention inside its bracket: "JPY 6.5bn ($45m) is new equity".
    after = re.sub(r"^\s*\)", "", sentence[mention.end : mention.end + 70])
    if _PER_SHARE.match(after) or _RETRACTED.search(sentence[: mention.start]):
        return OTHER
    if _SOURCED_PART.match(after):
        return AMOUNT  # "the remaining JPY 2.4bn comes from loans": one kind of money raised
    if _TOTAL_BEFORE.search(before) or _TOTAL_AFTER.match(after):
        return TOTAL
    if _not_deal_before(before) or _NOT_DEAL_AFTER.match(after):
        return OTHER
    if _PART_BEFORE.search(before) or _PART_AFTER.match(after):
        return OTHER
    joins = JOINING.match(sentence[mention.end : mention.end + 140].lstrip(") "))
    if _LEAD_SHARE.search(before) or _is_spending(after, before) or joins:
        return OTHER
    if _VALUATION_AFTER.match(after):
        return VALUATION
    if _SELLING_SHARES_BEFORE.search(before) and _OF_SHARES_AFTER.match(after):
        return AMOUNT  # "employees may sell up to $100m of their shares in a tender"
    if _SHARES_WORTH.search(before):
        return AMOUNT  # "sell shares worth up to $500m": the offering, not a valuation
    # The nearest cue decides between "valued at" and "raised" when both precede.
    val = _nearest(_VALUATION_WORDS, before, 60, r"[$\u20ac\u00a3\u00a5\u20a9\u20b9\d]")
    # A cue with another figure between it and this one belongs to that figure.
    fin = _nearest(_FINANCING_WORDS, before, 70, r"[.;$\u20ac\u00a3\u00a5\u20a9\u20b9]")
    if val is not None and (fin is None or val >= fin):
        return VALUATION
    if _SHARE_BEFORE.search(before) and not re.match(r"^[^.;]{0,40}\binto?\s+[A-Z]", after):
        return OTHER
    if fin or _FINANCING_AFTER.match(after):
        return AMOUNT
    return OTHER


def _not_deal_before(before: str) -> bool:
    """A word like "cash" or "revenue" before the figure, unless it describes an earlier
    figure ("$145m of cash collateral and $100m of new financing")."""
    m = _NOT_DEAL_BEFORE.search(before)
    return m is not None and not _FIGURE_TAIL.search(before[: m.start()])


_FIGURE_TAIL = re.compile(
    r"\d\s*(?:million|billion|trillion|bn|mn|m|crore)?\s*(?:[a-z]+\s+)?(?:of\s+|in\s+)$"
)


def _nearest(words: re.Pattern[str], before: str, reach: int, barrier: str) -> int | None:
    """Start of the last cue word in `before` within `reach` characters and no barrier."""
    last = None
    for m in words.finditer(before):
        last = m
    if last is None or len(before) - last.end() > reach:
        return None
    if re.search(barrier, before[last.end() :]):
        return None
    return last.start()


def valuation_basis(sentence: str, mention: MoneyMention) -> str:
    window = sentence[max(0, mention.start - 60) : mention.end + 40]
    if _PRE_MONEY.search(window):
        return ValuationBasis.PRE
    if _POST_MONEY.search(window):
        return ValuationBasis.POST
    return ValuationBasis.UNKNOWN
