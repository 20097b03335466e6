"""Which company a deal belongs to, as the article names it: full names for short forms,
the article's primary company, and figures whose apparent company is a place, a person, a
product or one of the deal's investors.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .entities import ArticleEntities, read_entities
from .events import Candidate
from .investors import find_investors, invested_company, main_subject, reduce
from .names import key, name_runs, same_entity, tidy_name
from .sentences import Sentence
from .subjects import FIN_VERB, PRONOUN


def canonical_names(sentences: list[Sentence]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for sentence in sentences:
        if title_case(sentence.text):
            continue  # "Figure Tops $39bn Valuation": every word capitalised, no names told
        for run in name_runs(sentence.text):
            counts[run.text] += 1
    return counts


@lru_cache(maxsize=4096)
def title_case(text: str) -> bool:
    words = re.findall(r"\b[A-Za-z][\w'-]*", text)
    capital = [w for w in words if w[0].isupper()]
    return len(words) >= 4 and len(capital) >= 0.75 * len(words)


def canonical(name: str, counts: Counter[str]) -> str:
    """A short form's full name: "Severn" -> "Severn Water" when the article uses both."""
    name = tidy_name(name)
    words = name.split()
    longer = [
        (n, c)
        for n, c in counts.items()
        if c >= 2
        and len(n.split()) > len(words)
        and n.split()[: len(words)] == words
        and len(n.split()) <= 4
    ]
    if longer:
        return max(longer, key=lambda item: (item[1], len(item[0])))[0]
    return name


def primary_company(
    candidates: list[Candidate],
    sentences: list[Sentence],
    counts: Counter[str],
    entities: ArticleEntities | None = None,
) -> str | None:
    entities = entities or read_entities([s.text for s in sentences])
    explicit = [
        c.company
        for c in candidates
        if c.company and c.company != PRONOUN and entities.is_company(c.company)
    ]
    if explicit:
        tally = Counter(key(canonical(n, counts)) for n in explicit)
        best = max(tally.values())
        return next(
            canonical(n, counts) for n in explicit if tally[key(canonical(n, counts))] == best
        )
    # The subject of the headline and of the lede count double; kickers and bylines
    # ("English Service", "Robotics Reporter") are headings after the title.
    subjects: Counter[str] = Counter()
    lede = True
    for i, sentence in enumerate(sentences):
        if sentence.is_heading and i > 0:
            continue
        subject = main_subject(reduce(sentence.text))
        if subject and entities.is_company(subject):
            weight = 2 if i == 0 or (lede and not sentence.is_heading) else 1
            subjects[canonical(subject, counts)] += weight
            lede = lede and sentence.is_heading
    return max(subjects, key=lambda n: (subjects[n], counts[n])) if subjects else None


def retype_companies(sentence: Sentence, cands: list[Candidate], entities: ArticleEntities) -> None:
    """A figure's "company" that is a place, a person, a product, or an investor named in
    the same sentence ("A and B also invested in that round, which valued the lab at
    $10bn") stands for the company the article is about."""
    if not cands:
        return
    investors = {key(m.name) for m in find_investors(sentence.text)}
    pair = invested_company(sentence.text)
    for c in cands:
        if c.company in (PRONOUN, None):
            continue
        if not entities.is_company(c.company):
            # "The Dutch state will invest EUR 50m in Orbitel, joining a capital increase
            # set to raise EUR 900m": the company invested in, else the article's own.
            c.company = pair[1] if pair and entities.is_company(pair[1]) else PRONOUN
        elif (
            key(c.company) in investors
            and not (pair and same_entity(pair[1], c.company))
            and not _raises(sentence.text, c.company, c.position)
        ):
            c.company = pair[1] if pair else PRONOUN


def _raises(text: str, company: str, position: int) -> bool:
    """Is `company` the subject of a financing verb before the figure ("Acme, which ...,
    has raised EUR 13m"), not an investor that led or joined the round?"""
    at = text.rfind(company, 0, position)
    return at >= 0 and bool(FIN_VERB.search(text, at + len(company), position))
