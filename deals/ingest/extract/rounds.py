"""Assemble financing events from candidates: resolve "it"/"the company", merge
restatements of one event, attach investors, and pick the figures to report."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from itertools import combinations

from deals.ingest.types import ExtractedRound, Money
from deals.models.choices import Stage, ValuationBasis

from .attach import add_investor, attach_close, attach_investors, attach_outcome
from .entities import KnownNames, read_entities
from .events import (
    STAKE,
    Candidate,
    Event,
    amounts_agree,
    candidates_in,
    figures_in,
    totals_in,
)
from .investors import InvestorMention, commitment_in
from .names import same_entity, tidy_name
from .naming import canonical, canonical_names, primary_company, retype_companies, title_case
from .sentences import Sentence
from .stakes import stake_targets
from .subjects import PRONOUN


def _stages_compatible(a: str, b: str) -> bool:
    return a == Stage.UNKNOWN or b == Stage.UNKNOWN or a == b


def _new_event(c: Candidate, company: str) -> Event:
    return Event(
        company=company,
        names=[company],
        amount=c.amount,
        amount_from_body=True,
        stage=c.stage,
        status=c.status,
        status_from_body=True,
        valuations=list(c.valuations),
        close=c.close,
        sentence=c.sentence.text,
        past=c.past,
        buyer=c.buyer,
        listing=c.listing,
        untold=c.untold,
    )


def _absorb(event: Event, c: Candidate, company: str | None, body: bool) -> None:
    if company and company not in event.names:
        event.names.append(company)
    if c.amount is not None:
        if event.amount is None or (body and not event.amount_from_body):
            event.amount, event.amount_from_body = c.amount, body
        elif c.amount.alternatives and not event.amount.alternatives:
            event.amount = c.amount  # the figure the article converts from
        elif c.amount.currency == "USD" and event.amount.in_currency("USD") is None:
            event.amount.alternatives.append(c.amount)  # the article's own dollar figure
    if event.stage == Stage.UNKNOWN:
        event.stage = c.stage
    if body and not event.status_from_body:
        event.status, event.status_from_body = c.status, True
    elif not body and c.status == "cancelled":
        event.status = "cancelled"  # "... subsidies will not flow" in the headline: news
    event.valuations.extend(c.valuations)
    event.close = event.close or c.close


_REACH = 2  # sentences over which "it" still means the company of the last deal


def _company_of(
    c: Candidate, primary: str | None, last_target: str | None, counts: Counter[str]
) -> str | None:
    if c.company == STAKE or (c.buyer and c.company == PRONOUN):
        # A stake whose company the sentence does not name: the one last bought into.
        return (
            last_target
            if last_target and not same_entity(last_target, c.buyer or "")
            else (primary if primary and not same_entity(primary, c.buyer or "") else None)
        )
    return primary if c.company in (PRONOUN, None) else canonical(c.company, counts)


def _place(
    c: Candidate, company: str | None, events: list[Event], current: Event | None
) -> Event | None:
    """The event a candidate restates or adds to, or a new one (None: nowhere to go)."""
    if company is None:
        return None
    if c.listing:
        return _place_listing(c, company, events)
    if c.untold:
        event = _new_event(c, company)  # kept once an investor or a valuation joins it
        events.append(event)
        return event
    if c.amount is None:
        # A valuation on its own sentence belongs to the event under discussion,
        # unless it names another company or dates itself before that event.
        named = c.company not in (PRONOUN, None)
        target = (
            current
            if current
            and current.past == c.past
            and (not named or same_entity(current.company, company))
            and (not current.valuations or same_entity(current.company, company))
            else None
        )
        target = target or next(
            (e for e in reversed(events) if same_entity(e.company, company) and e.past == c.past),
            None,
        )
        if target is None and c.company is None:
            return None
    else:
        target = _find_target(events, c, company)
    if target is None:
        target = _new_event(c, company)
        events.append(target)
    else:
        _absorb(target, c, company, True)
    return target


def _place_listing(c: Candidate, company: str, events: list[Event]) -> Event:
    """A listing filed or called off: the company's current IPO, or a new one."""
    for event in events:
        told = event.stage == Stage.UNKNOWN and _OFFERING.search(event.sentence)
        if (
            (event.stage == Stage.IPO or told)
            and not event.past
            and same_entity(event.company, company)
        ):
            event.stage = Stage.IPO  # "its listing could have raised $1bn", told before
            if c.status == "cancelled":
                event.status = "cancelled"
            event.listing = True
            return event
    event = _new_event(c, company)
    events.append(event)
    return event


_OFFERING = re.compile(r"\b(?:offering|IPO|listing|flotation)\b", re.IGNORECASE)


def _find_target(events: list[Event], c: Candidate, company: str | None) -> Event | None:
    for event in events:
        if company and not any(same_entity(company, n) for n in event.names):
            continue
        if (
            event.listing
            and event.amount is None
            and company
            and c.stage in {Stage.IPO, Stage.UNKNOWN}
            and not c.past
            and _OFFERING.search(c.sentence.text)
        ):
            return event  # "The offering could have raised about $1bn": the listing's size
        if event.buyer and c.buyer and not same_entity(event.buyer, c.buyer):
            continue  # two buyers paying the same price for identical stakes
        if c.stage == event.stage == Stage.IPO and not (c.past or event.past) and company:
            return event  # a company has one listing at a time: its size in two currencies
        if not _stages_compatible(event.stage, c.stage):
            continue
        if (
            c.amount is not None
            and event.amount is not None
            and amounts_agree(event.amount, c.amount, exact=c.past != event.past)
        ):
            return event
    return None


def build_rounds(
    sentences: list[Sentence], published: date, known: KnownNames | None = None
) -> list[ExtractedRound]:
    per_sentence, counts, primary = _read_candidates(sentences, published, known)
    body = [(s, cs) for s, cs in per_sentence if not s.is_heading]
    events = _walk_body(body, primary, counts, published)
    _absorb_headings([(s, cs) for s, cs in per_sentence if s.is_heading], events, counts)
    events = _drop_sums(events)
    return [r for r in (_finish(e) for e in events) if r is not None]


_Read = tuple[list[tuple[Sentence, list[Candidate]]], Counter[str], str | None]


def _read_candidates(sentences: list[Sentence], published: date, known: KnownNames | None) -> _Read:
    """Every sentence's candidates with their companies typed, the article's names and its
    primary company."""
    text = " ".join(s.text for s in sentences)
    yen_is_yuan = bool(re.search(r"\b(?:yuan|China|Chinese|RMB|renminbi)\b", text))
    excluded: set = set()
    figures = [figures_in(s, yen_is_yuan) for s in sentences]
    for found in figures:
        excluded |= totals_in(found)
    per_sentence = [
        (s, candidates_in(s, published, found, excluded))
        for s, found in zip(sentences, figures, strict=True)
    ]
    counts = canonical_names(sentences)
    entities = read_entities([s.text for s in sentences], known)
    for name in [n for n in counts if not entities.is_company(n)]:
        del counts[name]  # "Mistral Large" (a model) is not the long form of "Mistral"
    for sentence, cands in per_sentence:
        retype_companies(sentence, cands, entities)
        if title_case(sentence.text):
            for c in cands:
                c.company = None
    all_candidates = [c for _, cs in per_sentence for c in cs]
    return per_sentence, counts, primary_company(all_candidates, sentences, counts, entities)


def _walk_body(
    body: list[tuple[Sentence, list[Candidate]]],
    primary: str | None,
    counts: Counter[str],
    published: date,
) -> list[Event]:
    """Place each body sentence's candidates in events, in reading order, with what the
    sentences without figures add (investors, close dates, outcomes)."""
    events: list[Event] = []
    current: Event | None = None
    # "A is in talks to invest in B" before B's round is described: A waits for it.
    waiting: list[tuple[str, InvestorMention]] = []
    last_target: str | None = None
    current_at = -10
    for sentence, cands in body:
        placed: list[tuple[int, Event]] = []
        # "It", "the company" right after a company's deal is that company (a roundup's
        # next paragraph); further on, the article's own company.
        near = current is not None and sentence.index - current_at <= _REACH
        topic = current.company if near and current is not None else primary
        for c in cands:
            target = _place(c, _company_of(c, topic, last_target, counts), events, current)
            if target is None:
                continue
            if c.buyer:
                last_target = target.company
                commitment = commitment_in(c.sentence.text)
                add_investor(target, InvestorMention(c.buyer, False, c.position, commitment))
            placed.append((c.position, target))
            current, current_at = target, sentence.index
        last_target = next(iter(stake_targets(sentence.text)), last_target)
        if not cands:
            attach_close(sentence.text, events, current, published)
            attach_outcome(sentence.text, events, current)
        current = attach_investors(sentence, placed, events, current, waiting)
    _place_waiting(waiting, events)
    return events


def _place_waiting(waiting: list[tuple[str, InvestorMention]], events: list[Event]) -> None:
    """Investors named before their deal: with the company they invest in, or ("") the
    first current deal."""
    for company, mention in waiting:
        event = next(
            (
                e
                for e in events
                if (not company and not e.past)
                or any(same_entity(company, n) for n in e.names if company)
            ),
            None,
        )
        if event is not None:
            add_investor(event, mention)


def _absorb_headings(
    headings: list[tuple[Sentence, list[Candidate]]], events: list[Event], counts: Counter[str]
) -> None:
    """Headlines restate the body's deals: they add what the body left out."""
    for sentence, cands in headings:
        placed = []
        for c in cands:
            company = None if c.company in (PRONOUN, None) else canonical(c.company, counts)
            target = _find_target(events, c, company) or _find_target(events, c, None)
            if target is not None:
                _absorb(target, c, None, False)
                placed.append((c.position, target))
        if placed:
            attach_investors(sentence, placed, events, None)


def _drop_sums(events: list[Event]) -> list[Event]:
    """A figure that sums others of the same company: either a total of different kinds of
    money ("more than EUR 2bn": equity, a loan and subsidies), which is no event, or one
    event told with its tranches ("a EUR 828m reserved increase, then a EUR 672m rights
    issue"), whose tranches are no events."""
    drop: list[Event] = []
    for event in events:
        parts = _parts_of(event, events)
        if not parts:
            continue
        if len({p.stage for p in parts}) > 1:
            drop.append(event)
            for part in parts:  # "JPY 8.9bn in its Series F; JPY 6.5bn equity, the rest loans"
                if part.stage == Stage.UNKNOWN:
                    part.stage = event.stage
        else:
            drop.extend(parts)
    return [e for e in events if e not in drop]


def _parts_of(event: Event, events: list[Event]) -> list[Event]:
    if event.amount is None:
        return []
    parts = [
        e
        for e in events
        if e is not event
        and e.amount is not None
        and e.amount.currency == event.amount.currency
        and same_entity(e.company, event.company)
        and e.past == event.past
    ]
    value, above = event.amount.value, event.amount.qualifier == "above"
    for size in range(len(parts), 1, -1):
        for subset in combinations(parts[:8], size):
            total = sum(p.amount.value for p in subset if p.amount is not None)
            if (
                (value <= total <= value * Decimal("1.15"))
                if above
                else (abs(total - value) <= value * Decimal("0.05"))
            ):
                return list(subset)
    return []


def _finish(event: Event) -> ExtractedRound | None:
    valuation, basis = _pick_valuation(event)
    told = event.listing or (event.untold and event.investors)
    if event.amount is None and valuation is None and not told:
        return None
    amount = event.amount.money() if event.amount else None
    usd = event.amount.in_currency("USD") if event.amount else None
    company = max(event.names, key=lambda n: (len(n.split()) <= 4, len(n)))
    if event.status != "pending":
        for investor in event.investors.values():
            investor.commitment = "confirmed"  # the deal is done or off: no prospects left
    if event.stage == Stage.IPO:
        # Banks "leading" an offering underwrite it; an IPO's investors are anchors.
        event.investors = {k: i for k, i in event.investors.items() if not i.lead}
    confidence = (
        0.4
        + 0.2 * (amount is not None)
        + 0.1 * (event.stage != Stage.UNKNOWN)
        + 0.1 * bool(event.investors)
        + 0.1 * event.amount_from_body
    )
    return ExtractedRound(
        company=tidy_name(company),
        stage=event.stage,
        status=event.status,
        amount=amount,
        amount_usd=usd,
        valuation=valuation,
        valuation_basis=basis,
        investors=list(event.investors.values()),
        expected_close=event.close
        if event.status == "pending" or event.stage == Stage.IPO
        else None,
        sentence=event.sentence,
        confidence=round(min(confidence, 0.95), 2),
    )


def _pick_valuation(event: Event) -> tuple[Money | None, str]:
    """Post-money over unmarked over pre-money; the body over a headline."""
    if not event.valuations:
        return None, ValuationBasis.UNKNOWN
    rank: dict[str, int] = {
        ValuationBasis.POST: 0,
        ValuationBasis.UNKNOWN: 1,
        ValuationBasis.PRE: 2,
    }
    mention, basis, _ = min(event.valuations, key=lambda v: (rank[v[1]], not v[2]))
    return mention.money(), basis
