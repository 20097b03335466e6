"""Financing events: one ExtractedRound per round, stake, debt raise or IPO of a company.

1. Every money figure is given a role (roles.py); amounts and valuations become
   candidates, each with the company, stage, status and close date its sentence gives.
2. The company is the subject of the financing verb ("Acme raised"), the object of an
   investment ("inject GBP 4bn into Severn Water"), a possessive ("Acme's round"),
   or, for "it"/"the company", the article's primary company.
3. Candidates of one company whose amounts agree (also across a stated conversion) are
   one event: a headline and the body restating it, or a body sentence adding detail.
4. Investors attach to the event named in their sentence, else to the event the
   article is talking about at that point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from deals.ingest.types import DateRange, ExtractedInvestor

from .dates import DateMention, find_dates
from .investors import _INVEST_IN, invested_company, main_subject, reduce
from .money import MoneyMention, find_money
from .names import LEGAL_SUFFIX, name_runs
from .roles import AMOUNT, OTHER, TOTAL, VALUATION, classify, valuation_basis
from .sentences import Sentence

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
    ("grant", re.compile(r"\b(?:grants?|subsid(?:y|ies))\b", re.IGNORECASE)),
    (
        "debt",
        re.compile(
            r"\b(?:debt|loans?|credit (?:facility|line)|line of credit|notes|bonds?|"
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
_CANCELLED = re.compile(
    r"\b(?:call(?:s|ed)? off|pull(?:s|ed|ing)? out|walk(?:s|ed|ing)? away|withdr[ae]w\w*|"
    r"collaps\w+|scrap(?:s|ped)|abandon(?:s|ed)|fell through|terminat\w+|cancel\w*|shelve[ds]|"
    r"suspend(?:s|ed)|halt(?:s|ed)|"
    r"ditch\w*|back(?:s|ed)? out|axed|no longer)\b",
    re.IGNORECASE,
)
_CANCELLED_AFTER = re.compile(
    r"^[^.;$\u20ac\u00a3\u00a5]{0,50}?\b(?:(?:was|were|has been|have been|had been|is being)\s+"
    r"(?:\w+\s+)?(?:called off|cancel+ed|scrapped|suspended|halted|shelved|abandoned|"
    r"pulled|withdrawn|terminated|axed)|collapsed|fell through)\b",
    re.IGNORECASE,
)
_DONE_VERB = re.compile(
    r"\b(?:raised|secured|closed|landed|received|obtained|completed|bagged|borrowed|"
    r"collected|attracted|garnered|netted|banked)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:may|might|could|would|if|yet|whether)\b[^.;]{0,15}$", re.IGNORECASE)
_PENDING = re.compile(
    r"\b(?:in (?:advanced |early |final |exclusive )?talks|talks to|negotiat\w+|consider\w*|"
    r"weigh\w*|explor\w*|seek\w*|looking to|plans? to|planning|planned|aims? to|hopes? to|"
    r"intends? to|aiming to|targets?|targeting|could|would|may|might|expected to|is expected|"
    r"set to|"
    r"poised to|in line to|reportedly|is raising|are raising|is launching|are launching|"
    r"proposed|potential|mull\w*|eyes|eyeing|closes in on|nearing|lining up|in the process of|"
    r"preparing|prepares|filed (?:for|to)|files (?:for|to)|will|sources say|people familiar)\b",
    re.IGNORECASE,
)
_CLOSE_VERB = re.compile(
    r"\b(?:close|closes|closing|complet\w+|sign|signs|signing|finali[sz]\w+|"
    r"settle\w*)\b",
    re.IGNORECASE,
)
_DEAL_NOUN = re.compile(
    r"\b(?:secondary|share sale|tender|round|funding|financing|investment|"
    r"fundraising|IPO|offering)\b",
    re.IGNORECASE,
)
_VALUES_COMPANY = re.compile(
    r"\bvalu(?:e|es|ing|ed) (?P<name>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*) at\b"
)
_VALUATION_CHAIN = re.compile(
    r"^[^.;]{0,40}\b(?:rising|increasing|climbing|going|or)\b[^.;]{0,15}$"
)
_BASIS_BEFORE = re.compile(r"\b(pre|post)-money valuation\b[^$\u20ac\u00a3\d]*$", re.IGNORECASE)
_MARKET_VALUE = re.compile(
    r"\b(?:on the stock market|market (?:value|cap\w*)|share price)\b", re.IGNORECASE
)


@dataclass
class Candidate:
    sentence: Sentence
    position: int
    company: str | None
    amount: MoneyMention | None
    valuations: list[tuple[MoneyMention, str, bool]] = field(default_factory=list)
    stage: str = "unknown"
    status: str = "completed"
    close: DateRange | None = None
    past: bool = False  # dated before publication ("in August", "last year")


@dataclass
class Event:
    company: str
    names: list[str]
    amount: MoneyMention | None
    amount_from_body: bool
    stage: str
    status: str
    status_from_body: bool
    valuations: list[tuple[MoneyMention, str, bool]]
    close: DateRange | None
    sentence: str
    investors: dict[str, ExtractedInvestor] = field(default_factory=dict)
    score: float = 0.5
    past: bool = False


def _clause_start(text: str, position: int) -> int:
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, position):
        start = m.end()
    return start


def _subject_before_verb(text: str, verb_start: int) -> str | None:
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


def _company_for(sentence: str, reduced: str, mention: MoneyMention) -> str | None:
    pair = invested_company(sentence)
    invest = _INVEST_IN.search(reduced)
    if pair and invest and invest.start() < mention.start:
        # "A is in talks to invest in B as part of a $200m round": B's round, A invests.
        clause = _clause_start(reduced, mention.start)
        if invest.start() >= clause or mention.start < invest.end():
            return pair[1]
    after = _COMPANY_AFTER.match(sentence[mention.end :])
    if after:
        return after.group("name")
    start = _clause_start(reduced, mention.start)
    verbs = list(FIN_VERB.finditer(reduced, start, mention.start))
    for verb in reversed(verbs):
        subject = _subject_before_verb(sentence, verb.start())
        if subject == PRONOUN:
            return pair[1] if pair else (main_subject(reduced) or PRONOUN)
        if subject:
            return subject
    possessives = [r for r in name_runs(reduced[start : mention.start]) if r.possessive]
    if possessives:
        return possessives[-1].text
    subject = main_subject(reduced)
    if subject and re.search(r"\b(?:it|its|the company)\b", reduced[: mention.start]) is None:
        return subject
    return PRONOUN


def _stage(
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


def _status(sentence: str, mention: MoneyMention) -> str:
    window = sentence[max(0, mention.start - 120) : mention.start]
    for m in _CANCELLED.finditer(window):
        if not _HEDGE.search(window[: m.start()]):
            return "cancelled"
    # "Acme's $2bn listing was called off": the cancellation follows the figure.
    if _CANCELLED_AFTER.match(sentence[mention.end : mention.end + 80]):
        return "cancelled"
    pending = [m.end() for m in _PENDING.finditer(window)]
    if not pending:
        return "completed"
    # "... would give it room against rivals such as Beta, which raised $6bn": a verb in
    # the past tense after the last forward-looking word dates the figure.
    done = [m.start() for m in _DONE_VERB.finditer(window)]
    return "completed" if done and max(done) >= max(pending) else "pending"


def _close_date(sentence: str, mention: MoneyMention, published: date) -> DateRange | None:
    verb = _CLOSE_VERB.search(sentence, mention.end)
    if not verb:
        return None
    for found in find_dates(sentence, published):
        if found.start > verb.start() and found.range.end >= published:
            return found.range
    return None


def _basis(sentence: str, mention: MoneyMention, mentions: list[MoneyMention]) -> str:
    """ "$900m on a pre-money basis" reads after the figure; "a post-money valuation of $5bn"
    before it, where only "pre/post-money valuation" counts (not a neighbour's basis)."""
    later = [m.start for m in mentions if m.start > mention.end]
    after = sentence[mention.end : min([mention.end + 30, *later])]
    basis = valuation_basis(after, MoneyMention(0, 0, Decimal(0), ""))
    if basis != "unknown":
        return basis
    before = _BASIS_BEFORE.search(sentence[max(0, mention.start - 45) : mention.start])
    return before.group(1).lower() if before else "unknown"


_EARLIER = re.compile(r"^(?:earlier|last|previously)\b", re.IGNORECASE)
_PAST_REACH = 80
_PAST_MARGIN = timedelta(days=14)


def _past_dated(
    text: str,
    mention: MoneyMention,
    mentions: list[MoneyMention],
    dates: list[DateMention],
    published: date,
) -> bool:
    """Is the figure dated before publication ("In August, it raised $340m", "the $10bn it
    was valued at in 2021")? The nearest date within reach counts, unless another figure
    stands between them."""
    best: tuple[int, DateMention] | None = None
    for found in dates:
        if found.end <= mention.start:
            gap = (found.end, mention.start)
        elif found.start >= mention.end:
            gap = (mention.end, found.start)
        else:
            continue
        distance = gap[1] - gap[0]
        between = text[gap[0] : gap[1]]
        # The date must sit in the figure's own clause, or open the sentence ("In
        # August, ..."): "a start-up founded last month, has raised $5m" is not dated.
        opener = (found.start <= 3 and between.lstrip().startswith(",")) or (
            found.end <= mention.start and re.match(r"^,\s+when\b", between)
        )
        if distance > _PAST_REACH or ";" in between or ("," in between and not opener):
            continue
        if any(gap[0] <= m.start < gap[1] for m in mentions if m is not mention):
            continue
        if best is None or distance < best[0]:
            best = (distance, found)
    if best is None:
        return False
    found = best[1]
    if re.search(r"\bago\b", found.text):
        return False
    return bool(_EARLIER.match(found.text)) or found.range.end < published - _PAST_MARGIN


def totals_in(sentence: Sentence, yen_is_yuan: bool) -> set[tuple[str, Decimal]]:
    """Figures the article gives as totals raised to date: never a round of their own."""
    text = sentence.text
    return {
        (m.currency, m.value)
        for m in find_money(text, yen_is_yuan=yen_is_yuan)
        if classify(text, m, _clause_start(text, m.start)) == TOTAL
    }


def candidates_in(
    sentence: Sentence, published: date, yen_is_yuan: bool, excluded: set[tuple[str, Decimal]]
) -> list[Candidate]:
    text = sentence.text
    reduced = reduce(text)
    mentions = find_money(text, yen_is_yuan=yen_is_yuan)
    roles = [classify(text, m, _clause_start(text, m.start)) for m in mentions]
    for i in range(1, len(mentions)):
        # "at $900m on a pre-money basis, rising to $1bn": a figure continuing a valuation.
        gap = text[mentions[i - 1].end : mentions[i].start]
        if roles[i] == OTHER and roles[i - 1] == VALUATION and _VALUATION_CHAIN.match(gap):
            roles[i] = VALUATION
    out: list[Candidate] = []
    amounts = [m for m, r in zip(mentions, roles, strict=True) if r == AMOUNT]
    dates = find_dates(text, published) if mentions else []
    for mention, role in zip(mentions, roles, strict=True):
        if role == TOTAL:
            excluded.add((mention.currency, mention.value))
        if role != AMOUNT or _is_excluded(mention, excluded):
            continue
        past = _past_dated(text, mention, mentions, dates, published)
        status = _status(text, mention)
        out.append(
            Candidate(
                sentence=sentence,
                position=mention.start,
                company=_company_for(text, reduced, mention),
                amount=mention,
                stage=_stage(text, mention, len(amounts) == 1, mentions),
                status="completed" if past and status == "pending" else status,
                close=None if past else _close_date(text, mention, published),
                past=past,
            )
        )
    for mention, role in zip(mentions, roles, strict=True):
        if role != VALUATION:
            continue
        entry = (mention, _basis(text, mention, mentions), not sentence.is_heading)
        past = _past_dated(text, mention, mentions, dates, published)
        owner = next((c for c in reversed(out) if c.position < mention.start), None)
        if owner is None and out:
            owner = out[0]
        if owner is not None and past and not owner.past:
            owner = None  # "up from the $10bn it was valued at in 2021": an earlier event
        if owner is not None:
            owner.valuations.append(entry)
        else:
            valued = _VALUES_COMPANY.search(text)
            company = valued.group("name") if valued else _company_for(text, reduced, mention)
            stage = _stage(text, mention, True)
            if stage not in {"secondary", "ipo"} and not stage.startswith("series_"):
                stage = "unknown"  # a valuation's sentence rarely names the round's kind
            previous_end = max((m.end for m in mentions if m.end <= mention.start), default=0)
            clause = text[max(_clause_start(text, mention.start), previous_end) : mention.end + 60]
            deal = bool(_DEAL_NOUN.search(text)) and not _MARKET_VALUE.search(clause)
            status = _status(text, mention)
            out.append(
                Candidate(
                    sentence,
                    mention.start,
                    company if deal else None,
                    None,
                    [entry],
                    stage,
                    "completed" if past and status == "pending" else status,
                    past=past,
                )
            )
    return out


def _is_excluded(mention: MoneyMention, excluded: set[tuple[str, Decimal]]) -> bool:
    return any(
        cur == mention.currency and _close(val, mention.value, Decimal("0.02"))
        for cur, val in excluded
    )


def _close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def amounts_agree(a: MoneyMention, b: MoneyMention, *, exact: bool = False) -> bool:
    """Same figure, possibly as one side's stated conversion of the other (not when
    `exact`: two figures from different times agree only as written)."""
    for x in [a, *a.alternatives]:
        for y in [b, *b.alternatives]:
            if exact and not (x is a and y is b):
                continue
            tolerance = Decimal("0.03") if x is a and y is b else Decimal("0.06")
            if x.currency == y.currency and _close(x.value, y.value, tolerance):
                return True
    return False
