"""What a capitalised name stands for where it sits, and which company a sentence is about.

A milestone belongs to a company, but the capitalised run nearest a date is often
something else: a datelined city ("WEST LAFAYETTE, Ind."), a currency ("yuan"), a
product ("Ariane 6", "A14"), a person ("chief executive Lip-Bu Tan") or a government
body ("the British Government"). The kind is read from the name's own shape and the
words around it, never from a list of known companies.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from babel import Locale

from .names import NameRun, key, name_runs, same_entity
from .sentences import Sentence
from .text import word_list

_GOVERNMENT = re.compile(
    r"\b(?:government|ministry|minister|department|parliament|bundestag|congress|senate|"
    r"commission|council|committee|authority|regulator|treasury|cabinet|state|municipality|"
    r"prefecture|province|region|court|white house|kremlin)\b",
    re.IGNORECASE,
)
_CURRENCY = re.compile(
    r"^(?:yuan|renminbi|rmb|won|yen|rupees?|euros?|dollars?|pounds?|sterling|crowns?|"
    r"kronor|krona|francs?|reais|real|ringgit|baht|dong|pesos?|rupiah|dirhams?|riyals?)$",
    re.IGNORECASE,
)
# "Chinese", "Korean", "European": a people or a region made an adjective.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ese|ian|ean|ish|ic|an|i)$")
_ROLE_BEFORE = re.compile(
    r"(?:\b(?:chief|executive|officer|director|general|president|chairman|chairwoman|chair|"
    r"founder|co-founder|ceo|cfo|cto|minister|analyst|spokesperson|spokesman|"
    r"spokeswoman|mr|ms|mrs|dr|professor|secretary|head|boss|reporter|^by|reporting by))\.?,?\s+$",
    re.IGNORECASE,
)
_ROLE_FIRST = re.compile(r"^(?:CEO|CFO|CTO|COO|Chief|President|Founder|Chairman|Mr|Ms|Dr)\b")
_PERSON_AFTER = re.compile(r"^,?\s+(?:who|told|wrote|added)\b")
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|outside|across|to|of the US state of|state of)\s+(?:the\s+)?$"
)
_PLACE_AFTER = re.compile(r"^(?:-based|,\s+[A-Z][a-z]{1,5}\.,)")
_COMPANY_AFTER = re.compile(
    r"^\s*(?:said|says|announced|confirmed|expects|plans|aims|hopes|intends|will|would|"
    r"is|has|reported|told)\b"
)
# "Ariane 6", "A14", "MI500", "V4.1", "R2": a name carrying a model number.
_MODEL_NUMBER = re.compile(r"(?:^|\s)(?:[A-Z]{1,4}-?\d[\w.]*|\d+[A-Z]\w*)$|\s\d+(?:\.\d+)?$")
# "the Ulanqab data center", "the Dresden plant": a site named after its place.
_NONE: frozenset[str] = frozenset()


def _places() -> frozenset[str]:
    """Countries and regions by their English names (CLDR via babel), and short forms."""
    names = {n.lower() for n in Locale("en").territories.values()}
    names |= {n.lower().split(" sar ")[0] for n in Locale("en").territories.values()}
    names |= set(word_list("britain america europe asia korea mainland"))
    return frozenset(names)


_PLACES = _places()


@lru_cache(maxsize=4096)
def runs_in(text: str) -> tuple[NameRun, ...]:
    """Name runs of a text, read once however often the text is asked about."""
    return tuple(name_runs(text))


# "the Helios rack", "Polaris machine": a product named before what it is.
_PRODUCT_NOUNS = (
    r"(?:racks?|chips?|systems?|platforms?|series|models?|processors?|accelerators?|GPUs?|"
    r"cars?|vehicles?|SUVs?|rockets?|satellites?|apps?|phones?|lander|engines?|drugs?)\b"
)
_PRODUCT_AFTER = re.compile(rf"^\s+{_PRODUCT_NOUNS}")
_PRODUCT_NOUN = re.compile(rf"\b{_PRODUCT_NOUNS}")
_SITE_AFTER = re.compile(
    r"^\s+(?:data cent\w+|plant|factory|fab|site|campus|project|mine|facility|gigafactory|"
    r"wind farm|park|port|yard|line)\b",
    re.IGNORECASE,
)
# Capitalised only because they open a sentence.
_OPENERS = frozenset(
    word_list(
        """
        unlike like despite although though because after before once when while with without
        during under over between among beyond amid following including plus yet still even to
        first second third next last new what why how
        """
    )
)
_ORG_WORD = re.compile(
    r"\b(?:Inc|Corp|Co|Ltd|Group|Holdings|Motors?|Electronics|Technologies|Labs?|"
    r"Robotics|Systems|Capital|Partners|Aviation|Aerospace|Semiconductor|AI)\b"
)
_PRONOUN_SUBJECT = re.compile(
    r"^(?:it|its|we|our|(?:the )?(?:two )?(?:company|companies|group|firm|start-?up|[a-z-]*maker|"
    r"developer|operator|lender|business|unit|manufacturer))\b",
    re.IGNORECASE,
)


def entity_kind(
    run: NameRun, text: str, persons: frozenset[str] = frozenset(), common: frozenset[str] = _NONE
) -> str:
    """ "company", "government", "person", "place", "site", "currency", "product", "people"
    or "other"; `persons` holds names (and surnames) already seen as people, `common`
    words capitalised only where they open a sentence ("Pricing is set for May 2")."""
    name, before, after = run.text, text[: run.start], text[run.end :]
    if name.split()[0].lower() in _OPENERS:
        return "other"
    if name in common:
        return "other"
    if name in persons or name.split()[-1] in persons:
        return "person"
    if _SITE_AFTER.match(after):
        return "site"
    if _CURRENCY.match(name):
        return "currency"
    if name.lower() in _PLACES:
        return "place"
    if _PRODUCT_AFTER.match(after):
        return "product"
    if _GOVERNMENT.search(name) and not _ORG_WORD.search(name):
        return "government"
    if _DEMONYM.match(name) and " " not in name and not _COMPANY_AFTER.match(after):
        return "people"
    if _ROLE_BEFORE.search(before[-40:]) or _PERSON_AFTER.match(after) or _ROLE_FIRST.match(name):
        return "person"
    if name.isupper() and len(name) > 5 and " " in name and run.start < 3:
        return "place"  # a datelined city: "WEST LAFAYETTE, Ind. -"
    if _PLACE_BEFORE.search(before[-30:]) or _PLACE_AFTER.match(after):
        return "place"
    if _MODEL_NUMBER.search(name) and not _ORG_WORD.search(name):
        return "product"
    if re.search(r"\b(?:its|their|the new)\s+(?:[\w-]+\s+){0,5}(?:[\w-]+,\s+)?$", before[-60:]):
        return "product"  # "its Atlas chip": something a company owns
    return "company"


def companies_in(
    text: str, persons: frozenset[str] = _NONE, common: frozenset[str] = _NONE
) -> list[NameRun]:
    return [r for r in runs_in(text) if entity_kind(r, text, persons, common) == "company"]


def common_words(sentences: list[Sentence]) -> frozenset[str]:
    """Capitalised words that open sentences but are written in lower case elsewhere."""
    openers, inside = set(), set()
    for sentence in sentences:
        words = re.findall(r"[A-Za-z][\w-]*", sentence.text)
        if words and words[0][0].isupper():
            openers.add(words[0])
        inside.update(words[1:])
    return frozenset(
        w
        for w in openers
        if w not in inside and (w.lower() in inside or re.search(r"(?:ing|ion|ment|ance)s?$", w))
    )


def people_in(sentences: list[Sentence]) -> frozenset[str]:
    """Names the article gives a role ("chief executive Ana Ruiz"): later "Ruiz said" is her."""
    found: set[str] = set()
    for sentence in sentences:
        text = sentence.text
        for run in runs_in(text):
            before, after = text[max(0, run.start - 40) : run.start], text[run.end :]
            # The cheap role checks first: most names are not people.
            role = _ROLE_BEFORE.search(before) or _ROLE_FIRST.match(run.text)
            if role or (_PERSON_AFTER.match(after) and entity_kind(run, text) == "person"):
                found.update([run.text, run.text.split()[-1]])
    return frozenset(found)


def refers_back(subject: str) -> bool:
    """ "It", "the company", "the carmaker": the company the text was already about."""
    return bool(_PRONOUN_SUBJECT.match(subject.strip()))


_ATTRIBUTION = re.compile(r"\s+(?:said|says|announced|confirmed|told|added)\b")


def sentence_company(
    text: str, persons: frozenset[str] = _NONE, common: frozenset[str] = _NONE
) -> str | None:
    """The company a sentence is about: its opening name, else the one quoted ("..., X said")."""
    for run in runs_in(text):
        opens = run.start <= 4 or _ATTRIBUTION.match(text[run.end :])
        if opens and entity_kind(run, text, persons, common) == "company":
            return run.text
    return None


def sentence_leads(
    sentences: list[Sentence], persons: frozenset[str], common: frozenset[str]
) -> list[str | None]:
    """The company each sentence opens with or quotes."""
    return [sentence_company(s.text, persons, common) for s in sentences]


def product_names(sentences: list[Sentence]) -> frozenset[str]:
    """Names the article writes as products somewhere ("the Helios rack")."""
    return frozenset(
        run.text
        for s in sentences
        if _PRODUCT_NOUN.search(s.text)
        for run in runs_in(s.text)
        if _PRODUCT_AFTER.match(s.text[run.end :])
    )


def lead_company(leads: list[str | None], products: frozenset[str]) -> str | None:
    """The company that leads most sentences: what the article is about."""
    counts = Counter(n for n in leads if n and is_company(n, products))
    return counts.most_common(1)[0][0] if counts else None


def is_company(name: str, products: frozenset[str] = _NONE) -> bool:
    """Is `name` a company, judged alone and by how the article writes it elsewhere
    (a product in "the Helios rack" is a product everywhere)."""
    if name in products:
        return False
    return entity_kind(NameRun(0, len(name), name, False), name) == "company"


def focus_companies(
    sentences: list[Sentence], leads: list[str | None], known: list[str], products: frozenset[str]
) -> tuple[dict[int, str], dict[int, str]]:
    """For each sentence index, the company the text was last about before it (a company
    of the article's deals, or one that leads at least two sentences: a name met once, an
    analyst's firm, does not take the story over), and the company that opened the
    sentence just before it ("Acme signed a memorandum. It expects ..." is Acme's)."""
    # A headline opens with its company too, but it is read last and steers nothing.
    leads = [
        n if n and not s.is_heading and is_company(n, products) else None
        for s, n in zip(sentences, leads, strict=True)
    ]
    counts = Counter(key(n) for n in leads if n)
    focus: dict[int, str] = {}
    before: dict[int, str] = {}
    current: str | None = None
    for sentence, lead, previous in zip(sentences, leads, [None, *leads], strict=False):
        if current:
            focus[sentence.index] = current
        if previous:
            before[sentence.index] = previous
        if lead and (counts[key(lead)] >= 2 or any(same_entity(lead, k) for k in known)):
            current = lead
    return focus, before
