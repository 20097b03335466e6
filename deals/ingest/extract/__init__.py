"""Rule-based extraction of financing events and milestones from a cleaned article.

`extract(article)` never raises: a failing step yields fewer facts, not an error.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from deals.ingest.types import (
    CleanedArticle,
    DateRange,
    ExtractedMilestone,
    ExtractedRound,
    Extraction,
)
from deals.models.choices import Stage

from .entities import KnownNames
from .milestones import dedupe, find_milestones
from .names import same_entity
from .naming import canonical, canonical_names, primary_company
from .rounds import build_rounds
from .sentences import split_sentences
from .text import normalise

logger = logging.getLogger(__name__)

__all__ = ["extract"]


def extract(article: CleanedArticle, *, known: KnownNames | None = None) -> Extraction:
    """Rounds and milestones stated in the article (SCHEMA.md shape via `.as_schema()`).

    `known`, where ingest runs with a database, tells which of the article's names are
    companies or investors on record: those stay names whatever the article's typing says.
    """
    published = article.published
    try:
        return _extract(article, known)
    except Exception:
        logger.exception("extraction failed for %s", article.url)
        return Extraction(published=published)


def _extract(article: CleanedArticle, known: KnownNames | None) -> Extraction:
    reference = article.published or article.fetched_at.date()
    body = normalise(article.text or "")
    title = normalise(article.title or "")
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    sentences = split_sentences(body)
    rounds = build_rounds(sentences, reference, known)
    counts = canonical_names(sentences)
    primary = rounds[0].company if rounds else primary_company([], sentences, counts)
    if primary:
        primary = canonical(primary, counts)
    companies = [r.company for r in rounds] + ([primary] if primary else [])
    try:
        milestones = find_milestones(sentences, reference, companies, primary)
    except Exception:
        logger.exception("milestones failed for %s", article.url)
        milestones = []
    _link_closes(rounds, milestones)
    return Extraction(published=article.published, rounds=rounds, milestones=milestones)


def _link_closes(rounds: list[ExtractedRound], milestones: list[ExtractedMilestone]) -> None:
    """Close dates and close milestones tell the same thing twice; make both sides agree.

    A pending round with a close date gets a "round close" milestone; an IPO without
    a stated close takes the window from pricing to the first day of trading.
    """
    for r in rounds:
        mine = [m for m in milestones if same_entity(m.company, r.company)]
        if r.stage == Stage.IPO and r.expected_close is None:
            closes = [m for m in mine if m.kind == "funding_close"]
            pricing = [m for m in mine if "pric" in m.title.lower()]
            trading = [m for m in mine if "trad" in m.title.lower() or "debut" in m.title.lower()]
            if closes:
                r.expected_close = closes[0].date
            elif pricing and trading:
                start = min(pricing[0].date.start, trading[0].date.start)
                end = max(pricing[0].date.end, trading[0].date.end)
                r.expected_close = DateRange(
                    start, end, "day" if end - start < timedelta(7) else "month"
                )
        if r.status == "pending" and r.expected_close is not None and r.stage != Stage.IPO:
            milestones.append(
                ExtractedMilestone(
                    company=r.company,
                    title="Funding round close",
                    date=r.expected_close,
                    kind="funding_close",
                    sentence=r.sentence,
                    confidence=0.6,
                )
            )
    deduped = dedupe(milestones)
    milestones[:] = deduped
