"""Stage 5: keep the Article and the proposals, once.

Idempotency lives here. The same URL, canonical URL or identical text is one
Article (url_hash and text_hash are unique; canonical_hash is checked once the
page is cleaned), and a proposal is unique per (article, fingerprint), where the
fingerprint names the fact rather than its figures, so re-running an article -
a retry, a redelivered task, a newer extractor - adds nothing twice and never
touches a proposal an editor has already decided.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from deals.models import Article, Feed, FeedItem, Proposal

from .resolve import NameMatch, Resolution, ResolvedMilestone, ResolvedRound, normalize_name
from .types import CleanedArticle, DateRange, Money

_SPACE = re.compile(r"\s+")


def url_hash(url: str) -> str:
    """sha256 of the URL with what never changes the page dropped: case of scheme and
    host, a default port, the fragment."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    netloc = (parts.hostname or "").lower()
    if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        netloc += f":{parts.port}"
    normal = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    return hashlib.sha256(normal.encode()).hexdigest()


def text_hash(text: str) -> str:
    """sha256 of the text with whitespace runs collapsed; "" for no text."""
    normal = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(normal.encode()).hexdigest() if normal else ""


def article_get_or_create(
    *,
    origin: str,
    url: str = "",
    text: str = "",
    title: str = "",
    feed: Feed | None = None,
    submitted_by: Any = None,
    published_at: datetime | None = None,
) -> tuple[Article, bool]:
    """The Article for this URL or this text, created pending if it is new.

    A URL identifies an article by itself; text without a URL (pasted or uploaded)
    is identified by its hash. A concurrent submission of the same thing loses the
    unique-constraint race and gets the winner's row.
    """
    u_hash = url_hash(url)
    t_hash = "" if u_hash else text_hash(text)
    if not (u_hash or t_hash):
        raise ValueError("An article needs a URL or some text.")
    existing = _existing(u_hash=u_hash, t_hash=t_hash)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                url=url.strip(),
                url_hash=u_hash,
                text=text,
                text_hash=t_hash,
                title=title[:500],
                origin=origin,
                feed=feed,
                submitted_by=submitted_by,
                published_at=published_at,
            )
    except IntegrityError:
        existing = _existing(u_hash=u_hash, t_hash=t_hash)
        if existing is None:
            raise
        return existing, False
    return article, True


def _existing(*, u_hash: str, t_hash: str) -> Article | None:
    if u_hash:
        # A URL that was once some other article's canonical URL is that article too.
        return (
            Article.objects.filter(Q(url_hash=u_hash) | Q(canonical_hash=u_hash))
            .order_by("id")
            .first()
        )
    return Article.objects.filter(text_hash=t_hash).order_by("id").first()


def feed_item_record(*, feed: Feed, guid: str) -> FeedItem | None:
    """Claim a feed entry: the new FeedItem, or None when the entry was seen before."""
    item, created = FeedItem.objects.get_or_create(feed=feed, guid=guid)
    return item if created else None


def article_mark_failed(*, article_id: int, reason: str) -> None:
    Article.objects.filter(pk=article_id).update(
        status=Article.Status.FAILED, failure_reason=reason[:2000], updated_at=timezone.now()
    )


def article_mark_fetched(*, article: Article, final_url: str, fetched_at: datetime) -> None:
    article.status = Article.Status.FETCHED
    article.fetched_at = fetched_at
    if final_url and final_url != article.url:
        article.canonical_url = final_url
    article.save(update_fields=["status", "fetched_at", "canonical_url", "updated_at"])


def article_count_attempt(*, article_id: int) -> int:
    """Count one more start of the work on this article; returns the count so far.

    updated_at moves too: the stale-article sweep measures from the latest start, so
    work still inside its time limit is never handed to a second worker.
    """
    Article.objects.filter(pk=article_id).update(
        attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return Article.objects.filter(pk=article_id).values_list("attempts", flat=True).first() or 0


@transaction.atomic
def article_store_extraction(
    *, article: Article, cleaned: CleanedArticle, resolution: Resolution
) -> Article:
    """Record the cleaned article and its proposals; returns the Article that holds them.

    When the cleaned page turns out to be an article already on file (same canonical
    URL or same text), this row is folded into that one - its feed items point there,
    the row is deleted - so the fact is proposed from one Article only.
    """
    canonical = cleaned.canonical_url if cleaned.canonical_url != article.url else ""
    canonical = canonical or (article.canonical_url if article.canonical_url != article.url else "")
    c_hash = url_hash(canonical) if canonical else ""
    cleaned_hash = text_hash(cleaned.text)
    duplicate = _duplicate_of(article=article, c_hash=c_hash, t_hash=cleaned_hash)
    if duplicate is not None:
        FeedItem.objects.filter(article=article).update(article=duplicate)
        article.delete()
        return duplicate

    article.canonical_url = canonical[:2000]
    article.canonical_hash = c_hash
    # Pasted and uploaded articles keep the hash of what was submitted, so submitting
    # the same thing again finds them; fetched ones are identified by their text.
    if article.url or not article.text_hash:
        article.text_hash = cleaned_hash
    article.text = cleaned.text
    article.title = (cleaned.title or article.title)[:500]
    article.publisher = (cleaned.publisher or article.publisher or _host(article.url))[:200]
    if cleaned.published and not article.published_at:
        article.published_at = datetime.combine(cleaned.published, time(12), tzinfo=UTC)
    article.fetched_at = article.fetched_at or cleaned.fetched_at
    article.status = Article.Status.EXTRACTED
    article.failure_reason = ""
    # Named fields only: attempts is counted by an UPDATE this instance has not seen.
    article.save(
        update_fields=[
            "canonical_url", "canonical_hash", "text_hash", "text", "title", "publisher",
            "published_at", "fetched_at", "status", "failure_reason", "updated_at",
        ]
    )  # fmt: skip
    proposals_store(article=article, resolution=resolution)
    return article


def _duplicate_of(*, article: Article, c_hash: str, t_hash: str) -> Article | None:
    match = Q()
    if c_hash:
        match |= Q(canonical_hash=c_hash) | Q(url_hash=c_hash)
    if t_hash:
        match |= Q(text_hash=t_hash)
    if not match:
        return None
    return Article.objects.filter(match).exclude(pk=article.pk).order_by("id").first()


def proposals_store(*, article: Article, resolution: Resolution) -> list[Proposal]:
    """Create the proposals that do not exist yet; existing ones are left as decided."""
    wanted: dict[str, dict[str, Any]] = {}
    for resolved in resolution.rounds:
        wanted.setdefault(round_fingerprint(resolved), _round_fields(resolved))
    for milestone in resolution.milestones:
        wanted.setdefault(milestone_fingerprint(milestone), _milestone_fields(milestone))
    proposals = []
    for fingerprint, fields in wanted.items():
        proposal, _ = Proposal.objects.get_or_create(
            article=article, fingerprint=fingerprint, defaults=fields
        )
        proposals.append(proposal)
    return proposals


def round_fingerprint(resolved: ResolvedRound) -> str:
    r = resolved.extracted
    return _fingerprint("round", r.company, r.stage, r.sentence)


def milestone_fingerprint(resolved: ResolvedMilestone) -> str:
    m = resolved.extracted
    return _fingerprint("milestone", m.company, m.title, m.sentence)


def _fingerprint(kind: str, company: str, *details: str) -> str:
    normal = [kind, normalize_name(company), *(_SPACE.sub(" ", d).strip().lower() for d in details)]
    return hashlib.sha256("\x1f".join(normal).encode()).hexdigest()


def _round_fields(resolved: ResolvedRound) -> dict[str, Any]:
    r = resolved.extracted
    payload = r.as_schema()
    payload.update(
        {
            "company_match": _match(resolved.company),
            "amount": _money(r.amount),
            "valuation": _money(r.valuation),
            "valuation_basis": r.valuation_basis,
            "expected_close": _range(r.expected_close),
            "announced": r.announced.isoformat() if r.announced else None,
            "investors": [
                {"name": i.name, "lead": i.lead, "commitment": i.commitment, "match": _match(m)}
                for i, m in zip(r.investors, resolved.investors, strict=False)
            ],
        }
    )
    return {
        "kind": Proposal.Kind.ROUND,
        "payload": payload,
        "sentence": r.sentence,
        "confidence": r.confidence,
        "matched_round_id": resolved.matched_round_id,
    }


def _milestone_fields(resolved: ResolvedMilestone) -> dict[str, Any]:
    m = resolved.extracted
    payload = m.as_schema()
    payload.update(
        {"company_match": _match(resolved.company), "kind": m.kind, "date": _range(m.date)}
    )
    return {
        "kind": Proposal.Kind.MILESTONE,
        "payload": payload,
        "sentence": m.sentence,
        "confidence": m.confidence,
    }


def _match(match: NameMatch) -> dict[str, Any] | None:
    if match.id is None:
        return None
    return {"id": match.id, "name": match.matched_name, "score": match.score}


def _money(money: Money | None) -> dict[str, Any] | None:
    if money is None:
        return None
    # Decimal as a string: JSON floats would round large or fractional amounts.
    return {"value": str(money.value), "currency": money.currency, "qualifier": money.qualifier}


def _range(value: DateRange | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {**value.as_schema(), "precision": value.precision}


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")
