"""Reads for the review queue, the article page and the feeds page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from deals.models import Article, Feed, Proposal, Round
from deals.selectors.record import plan_reported_done

FINAL_STATUSES = (Article.Status.EXTRACTED, Article.Status.FAILED, Article.Status.REVIEWED)
ARTICLE_PAGE_SIZE = 50


def article_list(*, status: str = "") -> QuerySet[Article]:
    """The review queue, newest first, with each article's pending-proposal count."""
    articles = Article.objects.select_related("feed").annotate(
        pending_count=Count("proposals", filter=Q(proposals__status=Proposal.Status.PENDING)),
        proposal_count=Count("proposals"),
    )
    if status:
        articles = articles.filter(status=status)
    # No text on the list: it can be long and is not shown.
    return articles.defer("text").order_by("-created_at", "-id")


def article_status_counts() -> dict[str, int]:
    counts = dict(Article.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {value: counts.get(value, 0) for value, _ in Article.Status.choices}


def article_for_review(*, pk: int) -> Article:
    """One article with its proposals and, for the merge choice, each company's rounds;
    a pending milestone proposal that reports a plan on file as done carries that plan
    as `reported_done` (accepting it records the outcome)."""
    article = (
        Article.objects.select_related("feed", "submitted_by")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related(
                    "matched_round__company", "created_milestone", "decided_by"
                ),
            )
        )
        .get(pk=pk)
    )
    stamp = article.published_at or article.fetched_at
    for proposal in article.proposals.all():
        if proposal.kind == Proposal.Kind.MILESTONE and proposal.status == Proposal.Status.PENDING:
            payload = proposal.payload or {}
            when = payload.get("date") or {}
            proposal.reported_done = plan_reported_done(  # type: ignore[attr-defined]
                company_id=(payload.get("company_match") or {}).get("id"),
                title=payload.get("title", ""),
                end=_day(when.get("end")),
                reported_on=stamp.date() if stamp else None,
            )
    return article


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def rounds_for_merge(*, proposals: list[Proposal]) -> dict[int, list[Round]]:
    """Proposal id -> the rounds of its resolved company, newest first: the merge choices."""

    def company_of(proposal: Proposal) -> int | None:
        if proposal.matched_round is not None:
            return proposal.matched_round.company_id
        match = (proposal.payload or {}).get("company_match") or {}
        return match.get("id")

    wanted = {p.pk: company_of(p) for p in proposals if p.kind == Proposal.Kind.ROUND}
    company_ids = {c for c in wanted.values() if c is not None}
    by_company: dict[int, list[Round]] = {}
    for round_ in Round.objects.filter(company_id__in=company_ids).select_related("company"):
        by_company.setdefault(round_.company_id, []).append(round_)
    choices: dict[int, list[Round]] = {}
    for pk, company_id in wanted.items():
        choices[pk] = by_company.get(company_id, []) if company_id is not None else []
    return choices


@dataclass(frozen=True)
class Segment:
    text: str
    # The proposal whose sentence this is (the anchor its card links to), None if unmarked.
    proposal_id: int | None = None

    @property
    def marked(self) -> bool:
        return self.proposal_id is not None


def text_segments(*, text: str, sentences: list[tuple[int, str]]) -> list[Segment]:
    """The article text cut so each proposal's sentence (id, sentence) can be marked.

    Plain strings, not HTML: the template escapes every segment, so nothing of the
    article's own text is ever rendered as markup. Overlapping sentences merge into
    one mark, anchored at the first proposal.
    """
    spans: list[tuple[int, int, int]] = []
    for proposal_id, sentence in sentences:
        sentence = sentence.strip()
        start = text.find(sentence) if sentence else -1
        if start >= 0:
            spans.append((start, start + len(sentence), proposal_id))
    spans.sort()
    merged: list[tuple[int, int, int]] = []
    for start, end, proposal_id in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(end, last[1]), last[2])
        else:
            merged.append((start, end, proposal_id))
    segments, cursor = [], 0
    for start, end, proposal_id in merged:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], proposal_id))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def feed_list() -> QuerySet[Feed]:
    return Feed.objects.annotate(
        item_count=Count("items", distinct=True),
        article_count=Count("articles", distinct=True),
    ).order_by("title", "url")
