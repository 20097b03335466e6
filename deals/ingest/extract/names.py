"""Proper names in running text: runs of capitalised words ("D1 Capital Partners",
"Fidelity Management & Research Company", "SoftBank Vision Fund 2"), possessives
("Alphabet's GrowthCo" names GrowthCo), and lists of names ("A, B and C").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import word_list

# A name word starts with a capital, or with digits and holds a capital ("3M", not "11bn").
# ... or with one or two lowercase letters before a capital ("xAI", "eBay", "iRobot").
_TOKEN = r"(?:[A-Z\u00c0-\u00de][\w'.&\-]*|\d+[a-z]*[A-Z][\w.\-]*|\b[a-z]{1,2}[A-Z][\w'.&\-]*)"
_CONNECTOR = r"(?:&|of|de|del|der|du|da|van|von|la|le|y|für)"
RUN = re.compile(rf"{_TOKEN}(?:\s(?:{_CONNECTOR}\s)?(?:{_TOKEN}|\d+\b(?![.,]\d)))*")

# Capitalised words that start sentences or headings without naming anyone.
_LEADING_NOISE = frozenset(
    word_list(
        """
        the a an in on at by for from with as after before since its it their his her this
        that these those existing new other both all alongside besides while when
        under about around some separate if but and or also meanwhile however then now last
        next earlier later according update exclusive breaking read title summary source
        category link published press release media contact founder chief executive
        co-founder context key facts what why how who where means analysts investors shares
        sources people reporting editing backers lenders participants returning current
        chipmaker carmaker automaker drugmaker steelmaker billionaire conglomerate retailer
        insurer investor broker brokerage telecoms rapper actor actress singer cricketer
        footballer entrepreneur philanthropist grocer fintech insurtech proptech
        former major leading global digital deal deals funding round rounds startup start-up
        company group firm our your we they he she you i is are was were will would could
        should may might can has have had do does did no not only more most many much such
        so than there here each every
        thousand million billion trillion mn bn tn crore crores lakh valuation valuations
        corrects corrected correction clarification updated
        """
    )
)
_CALENDAR_WORDS = frozenset(
    word_list(
        """january february march april may june july august september october november
        december monday tuesday wednesday thursday friday saturday sunday"""
    )
)
NOT_A_NAME = frozenset(
    word_list(
        """
        january february march april may june july august september october november
        december monday tuesday wednesday thursday friday saturday sunday q1 q2 q3 q4 h1 h2
        series seed ipo ceo cfo coo cto us u.s uk u.k eu un europe asia africa america
        valuation valuations together
        """
    )
)
_NOT_NAME_START = re.compile(
    r"(?:Series|Seed|Pre-seed|Round|Phase|Inc|Ltd|LLC|Corp|plc|GmbH|AG|SA)\b\.?"
)
# "Mumbai-based", "London-headquartered": a place made an adjective, not a name.
_ADJECTIVE_END = re.compile(
    r"-(?:based|headquartered|born|listed|backed|owned|focused|founded|registered|led|run|"
    r"controlled)$"
)
LEGAL_SUFFIX = re.compile(
    r",?\s+(?:Inc|Incorporated|Ltd|Limited|LLC|LLP|Corp|Corporation|plc|PLC|GmbH|AG|S\.?A|"
    r"SE|N\.?V|B\.?V|AB|ASA|A/S|Oy|Oyj|S\.?p\.?A|Pte|Pty|KK)\.?$"
)


@dataclass(frozen=True)
class NameRun:
    start: int
    end: int
    text: str
    possessive: bool  # written "X's"


def _strip_noise(words: list[str]) -> list[str]:
    while len(words) > 1 and _ADJECTIVE_END.search(words[0]):
        words = words[1:]  # "Heidelberg-based Aleph Alpha": the place describes the name
    while words:
        first = words[0].lower().strip(".,'")
        if len(words) > 1 and first in _CALENDAR_WORDS:
            words = words[1:]  # "In January Northvolt signed": the month dates, the name acts
            continue
        if first not in _LEADING_NOISE:
            break
        # "New Enterprise Associates", "New York Life": "New" opens a name when two or
        # more name words follow that are not noise themselves.
        if words[0] == "New" and len(words) >= 3 and words[1].lower() not in _LEADING_NOISE:
            break
        words = words[1:]
    return words


@lru_cache(maxsize=8192)
def name_runs(text: str) -> tuple[NameRun, ...]:
    """Capitalised runs, split at possessives, with sentence-initial noise removed.

    "Contoso's Climate Fund" gives the possessive run "Contoso" and the run
    "Climate Fund"; "Key Facts Acme's" gives "Acme" (possessive).
    """
    runs: list[NameRun] = []
    for m in RUN.finditer(text):
        offset = m.start()
        piece = m.group(0)
        # Split at every possessive inside the run.
        for part in re.split(r"(?<='s)\s", piece):
            possessive = part.endswith("'s")
            words = part[:-2].split() if possessive else part.split()
            words = _strip_noise(words)
            if words:
                name = " ".join(words).rstrip(".,")
                if name.endswith("'"):
                    name = name[:-1]
                start = offset + part.find(words[0])
                if (
                    name
                    and name.lower() not in NOT_A_NAME
                    and not _NOT_NAME_START.match(name)
                    and not _ADJECTIVE_END.search(name)
                ):
                    runs.append(NameRun(start, start + len(name), name, possessive))
            offset += len(part) + 1
    return tuple(runs)


def tidy_name(name: str) -> str:
    """Trim punctuation and a trailing legal suffix ("Acme, Inc." -> "Acme")."""
    name = name.strip(" ,.;:'\"()")
    previous = None
    while previous != name:
        previous = name
        name = LEGAL_SUFFIX.sub("", name).strip(" ,.")
    return name


_NOT_KEY = re.compile(r"[^\w]|_")


@lru_cache(maxsize=16384)
def key(name: str) -> str:
    """A comparison key: casefolded letters and digits only."""
    return _NOT_KEY.sub("", name.casefold())


def same_entity(a: str, b: str) -> bool:
    """ "Acme" and "Acme Energy", "Brisk" and "Brisk Group": one is a word-prefix of
    the other."""
    wa, wb = key_words(a), key_words(b)
    if not wa or not wb:
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return long_[: len(short)] == short


@lru_cache(maxsize=8192)
def key_words(name: str) -> list[str]:
    return [key(w) for w in tidy_name(name).split() if key(w)]


_LIST_STOP = re.compile(
    r",?\s+(?:together with|along with|alongside|as well as|among others|and others|"
    r"and other|who|which|that|through|via|to|in|at|for|on|as|while|but|with)\b.*$"
    r"|,\s+(?!including\b|existing\b|outstanding\b|leading\b)[a-z]{2,}ing\s+"
    r"(?:its|their|the|a|an|as|on|for|his|her)\b.*$"
)


# "Goldman Sachs Asset and Wealth Management" is one name, "Accel and Index Ventures" two:
# "and" joins two common nouns inside a capitalised run that ends in an organisation word.
_INNER_NOUNS = frozenset(
    word_list(
        """asset assets wealth research development science sciences technology technologies
        health healthcare energy infrastructure credit trade industry industries commerce
        media education investment banking markets insurance retail innovation lending
        savings pension pensions property estate life mining power water food agriculture"""
    )
)
_ORG_TAIL = frozenset(
    word_list(
        """management partners fund funds group holdings capital ventures investments
        advisors advisers services company corporation corp trust bank authority agency
        institute foundation office board council ministry"""
    )
)
_INNER_AND = re.compile(r"(\b[A-Z][\w.&-]* )([A-Z][a-z]+) and ([A-Z][a-z]+)((?: [A-Z][\w.&-]*)+)")
_JOINED = "AndJoin_"


def _join_inner_and(m: re.Match[str]) -> str:
    head, left, right, rest = m.group(1), m.group(2), m.group(3), m.group(4)
    if (
        left.lower() in _INNER_NOUNS
        and left.lower() not in _ORG_TAIL
        and right.lower() in _INNER_NOUNS
        and rest.split()[-1].lower() in _ORG_TAIL
    ):
        return f"{head}{left} {_JOINED} {right}{rest}"
    return m.group(0)


def split_name_list(text: str) -> list[str]:
    """ "Oak, D1 Capital Partners and Tiger Fund" -> three names.

    Items lose lowercase descriptors ("steelmaker Nucor" -> "Nucor"), possessors
    ("Australia's Origin Energy" -> "Origin Energy") and parenthetical short forms.
    """
    text = re.sub(r"\s*\([^)]*\)", "", text)
    # "funds affiliated with BlackRock": the manager names them.
    text = re.sub(
        r"\b(?:funds|entities|vehicles|affiliates)\s+"
        r"(?:affiliated with|managed by|advised by|of)\s+",
        "",
        text,
    )
    text = _LIST_STOP.sub("", text)
    text = _INNER_AND.sub(_join_inner_and, text)
    names: list[str] = []
    for item in re.split(r",\s+(?:and\s+)?|\s+and\s+", text):
        item = item.strip()
        if not item or not re.search(r"[A-Z]", item):
            continue
        if re.match(r"^(?:through|via|with|including|plus)\b", item):
            continue
        runs = [r for r in name_runs(item) if not r.possessive]
        if not runs and item.endswith("'s"):
            runs = list(name_runs(item)[-1:])  # "snack maker Haldiram's": a brand, not an owner
        if not runs:
            continue
        # The name is the last capitalised run: "the US fintech specialist Ribbit Capital".
        # A long lowercase lead-in is an apposition about the previous name, not a name
        # ("the sustainability-focused firm chaired by former US vice president Al Gore").
        run = runs[-1]
        lead_in = item[: run.start]
        # "the London venture capital firm Balderton Capital": a descriptor ending in an
        # organisation noun introduces the name, however long.
        described = re.search(
            r"\b(?:firm|investor|fund|company|group|bank|arm|manager)\s*$", lead_in
        )
        if len(re.findall(r"\b[a-z][\w-]*", lead_in)) > (6 if described else 3):
            continue
        name = tidy_name(run.text).replace(_JOINED, "and")
        if name and name.lower() not in NOT_A_NAME:
            names.append(name)
    return names
