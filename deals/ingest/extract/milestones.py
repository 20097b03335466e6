"""Dated, forward-looking events worth watching: a release, a trading debut, a pricing,
an offering or round close, a production start, a decision.

A milestone is a date after publication in a clause that looks ahead ("expects",
"is scheduled to", "plans to", "on track for"); its title is the clause's action
("start trading on the New York Stock Exchange"), its company the clause's subject
when that is a company of the article, else the article's primary company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from deals.ingest.types import DateRange, ExtractedMilestone

from .dates import FUTURE_CUE, DateMention, find_dates
from .milestone_entities import (
    common_words,
    entity_kind,
    focus_companies,
    is_company,
    lead_company,
    people_in,
    product_names,
    refers_back,
    runs_in,
    sentence_company,
    sentence_leads,
)
from .milestone_titles import (
    CUE,
    build_title,
    clause_before,
    conjuncts,
    models_in,
    resolve_anaphora,
    sentence_subject,
    split_subject,
    tidy,
)
from .names import NameRun, same_entity
from .sentences import Sentence
from .text import word_list

_PAST_PERFECT = re.compile(r"\b(?:had|was|were|did)\b", re.IGNORECASE)
_FORMER_PLAN = re.compile(
    r"\b(?:had been|was|were) (?:originally |initially |previously )?(?:scheduled|expected|due|"
    r"set|planned|slated)\b",
    re.IGNORECASE,
)
_BASELINE = re.compile(r"^\W*(?:up|down) from\b|\bcompared (?:with|to)\b|\bversus\b", re.IGNORECASE)
_SURE_FUTURE = re.compile(
    r"\b(?:will|expected|scheduled|due|set to|on (?:track|course))\b", re.IGNORECASE
)
# "one of the largest listings this year", "as many as it expects to ship this year": the
# date bounds a comparison, not an event.
_COMPARISON = re.compile(
    r"\b(?:one of the|(?:the )?(?:largest|biggest|second-largest|most)|so far|as many as|"
    r"in total|record)\b",
    re.IGNORECASE,
)
# "in the coming days": too vague to watch.
_VAGUE = re.compile(r"\b(?:in|over|within) the (?:coming|next(?: few)?) (?:days|weeks)\b", re.I)
_DEAL_SUBJECT = re.compile(
    r"\b(?:deal|offering|round|tranche|notes|transaction|investment|stake|acquisition|"
    r"purchase|placement|raise)\b",
    re.IGNORECASE,
)
_KINDS = (
    (
        "funding_close",
        re.compile(
            r"\b(?:close|closes|closing|complet\w*|settle\w*|finali[sz]\w*|sign\w* the deal)\b",
            re.I,
        ),
    ),
    (
        "listing",
        re.compile(r"\b(?:trad\w+|listing|list|debut|go public|IPO|pric\w+)\b", re.IGNORECASE),
    ),
    (
        "product_release",
        re.compile(
            r"\b(?:release|launch\w*|ship\w*|roll\w* out|unveil\w*|availab\w+)\b", re.IGNORECASE
        ),
    ),
    (
        "regulatory",
        re.compile(r"\b(?:approv\w+|decision|ruling|vote|regulat\w+|licen[cs]e)\b", re.IGNORECASE),
    ),
    (
        "facility",
        re.compile(
            r"\b(?:produc\w+|plant|operat\w+|deliver\w+|open\w*|facility|service|"
            r"construction|build\w*|data cent\w+|online)\b",
            re.IGNORECASE,
        ),
    ),
)


def _kind(title: str) -> str:
    return next((kind for kind, regex in _KINDS if regex.search(title)), "other")


_ATTRIBUTION = re.compile(r"^.*?\b(?:said|says|confirmed|announced|added)\s+(?:that\s+)?")
_SPEAKER = re.compile(r"([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*)\s+(?:said|says|confirmed|announced)\b")
# A name that acts: "SK hynix plans to", "Joby aims to", "ESMC is due to".
_ACTOR_VERB = re.compile(
    r"^\W*(?:\([^)]*\)\W*)?(?:still\s+|also\s+|now\s+)?(?:plans|expects|aims|hopes|intends|will|"
    r"would|is|are|has|have|said|says|wants|targets|remains on)\b"
)


@dataclass
class _Article:
    """What the whole article tells about its names, read once."""

    companies: list[str]  # the deals' companies first, the primary company last
    persons: frozenset[str]
    common: frozenset[str]
    focus: dict[int, str]
    before: dict[int, str]
    lead: str | None
    text: str
    last_date: DateRange | None = None  # the last date read, for "a year later"

    def full_name(self, run: NameRun, rest: str) -> str:
        """ "SK hynix": a name that goes on in lower case, as the article keeps writing it."""
        more = re.match(r"\s([a-z][a-z]+)\b", rest)
        if more and self.text.count(f"{run.text} {more.group(1)}") >= 2:
            return f"{run.text} {more.group(1)}"
        return run.text

    def known(self, name: str) -> str:
        """The article's own form of a name ("Green Steel" -> "H2 Green Steel")."""
        words = name.lower().split()
        for company in [*self.companies, *([self.lead] if self.lead else [])]:
            longer = len(company.split()) >= len(words)  # "SK hynix" is not just "SK"
            if longer and (
                same_entity(name, company) or company.lower().split()[-len(words) :] == words
            ):
                return company
        return name


def _subject_text(text: str, clause_start: int, clause: str) -> str:
    """The clause's subject, or the sentence's where the clause opens on its verb
    ("... said the chips have begun shipping and will be available in June")."""
    subject, _ = split_subject(clause)
    if not tidy(subject):
        subject = sentence_subject(_ATTRIBUTION.sub("", text[:clause_start]))
    return _ATTRIBUTION.sub("", subject).strip(" ,;\"'\u201c\u201d")


def _named_company(subject: str, art: _Article) -> str | None:
    """The company named as the subject; "" where the subject is someone else's."""
    others = False
    for run in runs_in(subject):
        kind = entity_kind(run, subject, art.persons, art.common)
        known = any(same_entity(run.text, c) for c in art.companies)
        rest = subject[run.end :]
        after = rest[len(art.full_name(run, rest)) - len(run.text) :]
        acts = run.possessive or _ACTOR_VERB.match(after) or (not after and run.start == 0)
        if kind == "company" and not subject[: run.start].endswith("of ") and (known or acts):
            return art.known(art.full_name(run, rest))
        others = others or kind in ("government", "person", "people")
    return "" if others else None


def _company(subject: str, text: str, index: int, art: _Article) -> str | None:
    """Whose milestone: a company named as the subject, a deal's company, the company
    the text is about; None where the subject is a government, a person or a people."""
    if refers_back(subject):
        speaker = _SPEAKER.search(text[: text.find(subject)] if subject in text else "")
        if speaker and is_company(speaker.group(1)):
            return art.known(speaker.group(1))  # "Acme says its chips will ...": Acme's
        just_before = art.before.get(index)
        if just_before:
            return art.known(just_before)  # "Acme signed a memorandum. It expects ..."
    else:
        named = _named_company(subject, art)
        if named is not None:
            return named or None
        if _DEAL_SUBJECT.search(subject) and len(art.companies) > 1:
            return art.companies[0]  # a deal's close belongs to the company that raises
        quoted = sentence_company(text, art.persons, art.common)
        if quoted and not text.startswith(quoted):
            return art.known(quoted)
    focus = art.focus.get(index) or art.lead
    primary = art.companies[-1] if art.companies else None
    return art.known(focus) if focus else primary


_ELLIPSIS = re.compile(
    r"^\W*(?:and|while|but)?\s*the (first|second|third|fourth|fifth|next|last|final|rest)"
    r"(?:\s+(?:one|part|phase|stage))?\s*(?:in|on|by|for|from|at|around)?\s*$",
    re.IGNORECASE,
)
_ORDINAL_WORD = re.compile(r"\b(?:first|second|third|fourth|fifth|next|last|final)\b", re.I)


def _ordinal_copy(model: ExtractedMilestone, ordinal: str, when: DateRange) -> ExtractedMilestone:
    """ "The first tranche closes this year and the second in 2025": the second is the
    first's event with its own ordinal and date."""
    title = _ORDINAL_WORD.sub(ordinal.lower(), model.title, count=1)
    if title == model.title:
        title = f"{ordinal.capitalize()} {model.title[:1].lower()}{model.title[1:]}"
    return replace(model, title=title[:1].upper() + title[1:], date=when)


def _clause_after(text: str, mention: DateMention) -> tuple[int, str]:
    """A sentence that opens with its date: the clause that follows it, up to the next
    date or boundary, read as if the date came last."""
    rest = text[mention.end :]
    stop = re.search(r"[,;:.]\s|\s(?:in|on|by|before)\s+(?:the\s+end|\d|[A-Z])", rest)
    return mention.end, rest[: stop.start() if stop else len(rest)] + " "


# "notes due 2030": a maturity, not an event.
_MATURITY = re.compile(r"\b(?:notes?|bonds?|debentures?|loans?|debt)\s+due\s+(?:in\s+)?$", re.I)
# Someone else's forecast: "She expects the market to ...", "Analysts warned that ...",
# or the writer's own ("Expect fewer deals in 2026").
_OTHERS_VIEW = re.compile(
    r"^(?:he|she|they|analysts?|investors|bankers|economists|critics|observers)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(r"^(?:expect|look for|watch for|keep an eye)\b", re.IGNORECASE)


# "... a stock market listing, which Zepto is targeting for 2026": the thing is the noun
# phrase the "which" clause hangs on.
_ANTECEDENT = re.compile(r"((?:an?|the|its|their)\s+(?:[\w-]+\s+){0,3}[\w-]+)\s*,\s*$")


def _antecedent(text: str, clause_start: int, clause: str) -> str | None:
    if not re.match(r"which\b", clause):
        return None
    found = _ANTECEDENT.search(text[:clause_start])
    return found.group(1) if found else None


def _looks_ahead(clause: str, text: str, mention: DateMention) -> bool:
    if not CUE.search(clause) and not CUE.search(text[: mention.start]):
        return False
    if _MATURITY.search(text[: mention.start]) or _IMPERATIVE.match(text):
        return False
    if _OTHERS_VIEW.match(text) and not re.match(r"^\w+\s+(?:said|says)\b", text):
        return False
    if _PAST_PERFECT.search(clause) and not _SURE_FUTURE.search(clause):
        return False  # "had put its listing plans on hold in April": looking back
    if _FORMER_PLAN.search(clause) or _BASELINE.search(clause):
        return False  # "had been scheduled to begin on Thursday", "up from 14 at the start"
    return not _COMPARISON.search(clause) and not _VAGUE.search(mention.text)


def _sentence_milestones(
    sentence: Sentence, previous: list[str], published: date, art: _Article
) -> list[ExtractedMilestone]:
    text, last_end = sentence.text, 0
    found: list[ExtractedMilestone] = []
    for mention in find_dates(text, published, art.last_date):
        art.last_date = mention.range
        start, last_end = last_end, mention.end
        if mention.range.end <= published or re.search(r"\bago\b", mention.text):
            continue
        clause_start, clause = clause_before(text, start, mention.start)
        if not tidy(clause) and start == 0:
            clause_start, clause = _clause_after(text, mention)  # "Next year Acme will ..."
        ellipsis = _ELLIPSIS.match(clause)
        if ellipsis and found:
            found.append(_ordinal_copy(found[-1], ellipsis.group(1), mention.range))
            continue  # "... to close this year and the second in 2025"
        if not _looks_ahead(clause, text, mention):
            continue
        whole_subject = _subject_text(text, clause_start, clause)
        if _OTHERS_VIEW.match(whole_subject):
            continue
        # "the project" names the thing for the title; the company is still the one
        # the text is about.
        company = _company(whole_subject, text, sentence.index, art)
        clause = resolve_anaphora(_ATTRIBUTION.sub("", clause), previous)
        subjects = conjuncts(whole_subject)
        if len(subjects) == 1:
            subjects = [_antecedent(text, clause_start, clause) or whole_subject]
            subjects = [resolve_anaphora(subjects[0], previous)]
        for subject in subjects:
            title = build_title(clause, text, subject)
            if not title or not company:
                continue
            found.append(
                ExtractedMilestone(
                    company=company,
                    title=title,
                    date=mention.range,
                    kind=_kind(title),
                    sentence=text,
                    confidence=0.5 if sentence.is_heading else 0.6,
                )
            )
    return found


def find_milestones(
    sentences: list[Sentence], published: date, companies: list[str], primary: str | None
) -> list[ExtractedMilestone]:
    found: list[ExtractedMilestone] = []
    persons, common = people_in(sentences), common_words(sentences)
    products = product_names(sentences)
    named = [c for c in [*companies, primary] if c and is_company(c, products)]
    leads = sentence_leads(sentences, persons, common)
    focus, before = focus_companies(sentences, leads, named, products)
    art = _Article(
        companies=named,
        persons=persons,
        common=common,
        focus=focus,
        before=before,
        lead=lead_company(leads, products),
        text=" ".join(s.text for s in sentences),
    )
    ordered = [s for s in sentences if not s.is_heading] + [s for s in sentences if s.is_heading]
    for sentence in ordered:
        if not FUTURE_CUE.search(sentence.text):
            continue
        previous = [s.text for s in sentences[max(0, sentence.index - 2) : sentence.index]]
        found.extend(_sentence_milestones(sentence, previous, published, art))
    return dedupe(found)


# Event words every milestone shares: two titles are one event when they share a thing.
_EVENT_WORDS = frozenset(
    word_list(
        """
        begin begins start starts production produce operations operate operating close
        closes closing launch launches open opens opening first second expected complete
        completed ship ships shipping there their with from into this that year will
        """
    )
)


def _words(title: str) -> set[str]:
    return set(re.findall(r"[a-z0-9.]{4,}", title.lower())) - _EVENT_WORDS


def _overlap(a: DateRange, b: DateRange) -> bool:
    return a.start <= b.end and b.start <= a.end


def _same_thing(k: ExtractedMilestone, m: ExtractedMilestone) -> bool:
    """Two titles for one event: models named alike, and words, kind or day shared.
    A headline restates the body, so it repeats any body milestone of its period."""
    if m.confidence < k.confidence:
        return True  # a headline restating a body milestone of the same period
    mine, theirs = set(models_in(m.title)), set(models_in(k.title))
    if mine and theirs and mine != theirs:
        return False  # "N2P volume production" and "A16 volume production"
    same_day = k.date == m.date and k.date.precision == "day"
    return bool(
        _words(k.title) & _words(m.title)
        or (k.kind == m.kind != "other" and k.date == m.date)
        or same_day
    )


def _more_specific(m: ExtractedMilestone, k: ExtractedMilestone) -> bool:
    return bool(models_in(m.title)) and not models_in(k.title)


def dedupe(milestones: list[ExtractedMilestone]) -> list[ExtractedMilestone]:
    """One milestone per event; where a generic title ("Move to rack-scale systems") and
    one naming models ("Helios and MI400 due") share a company and a period, the named."""
    kept: list[ExtractedMilestone] = []
    for m in milestones:
        same = [
            i
            for i, k in enumerate(kept)
            if same_entity(k.company, m.company)
            and _overlap(k.date, m.date)
            and (_same_thing(k, m) or (k.date == m.date and _more_specific(m, k)))
        ]
        if not same:
            kept.append(m)
        elif _more_specific(m, kept[same[0]]):
            kept[same[0]] = m
    return kept
