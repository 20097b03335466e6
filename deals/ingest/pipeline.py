"""The stages chained: fetch -> clean -> extract -> resolve -> store.

Tasks and the `ingest` command call these; each takes an id, so a retry or a
redelivered task reloads the row and finds the work already done.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from deals.models import Article, Feed

from . import store
from .feeds import FeedError, parse_feed
from .fetch import FetchError, decode_bytes, fetch
from .resolve import resolve
from .types import CleanedArticle

if TYPE_CHECKING:
    from .types import Extraction

logger = logging.getLogger(__name__)

# Statuses the pipeline works on; the others are final until an editor retries.
_WORKABLE = (Article.Status.PENDING, Article.Status.FETCHED)
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


class TransientIngestError(Exception):
    """A failure worth another try later (a timeout, a 503); the task retries it."""


def ingest_article(article_id: int, *, final_attempt: bool = True) -> int | None:
    """Run one article through every stage; return the id of the Article that holds it.

    1. Only a pending or fetched article is worked on: a finished or failed one is
       left as it is, so running this twice changes nothing the second time.
    2. With a URL and no text yet, fetch the page (guarded); otherwise the submitted
       text (pasted, or an uploaded page's HTML) is the content.
    3. Clean, extract, resolve, then store in one transaction.
    4. Any error marks the article failed with a reason an editor can read; the
       submission itself (URL or text) is kept, so a retry can start over. A
       transient fetch error is raised instead while tries remain, leaving the
       article pending for the task's retry; so is a lost database connection,
       which says nothing about the article.
    5. Every start is counted first: an article that was started more than
       INGEST_MAX_ATTEMPTS times never finished any of them (a hard time limit or
       a lost worker ended each, with no chance to record why), so it is failed
       rather than tried again, which would take down one worker after another.
    The returned id differs from `article_id` when the article proved to be one
    already on file (same canonical URL or text) and was folded into it; None when
    the article no longer exists.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return None
    if article.status not in _WORKABLE:
        return article.pk
    attempts = store.article_count_attempt(article_id=article.pk)
    if attempts > settings.INGEST_MAX_ATTEMPTS:
        store.article_mark_failed(article_id=article.pk, reason=_gave_up(attempts - 1))
        return article.pk
    try:
        cleaned = _cleaned(article)
        extraction = _extract(cleaned)
        reported_on = cleaned.published or cleaned.fetched_at.date()
        resolution = resolve(extraction, reported_on=reported_on)
        return store.article_store_extraction(
            article=article, cleaned=cleaned, resolution=resolution
        ).pk
    except FetchError as exc:
        if exc.transient and not final_attempt:
            Article.objects.filter(pk=article.pk).update(failure_reason=f"Will retry: {exc.reason}")
            raise TransientIngestError(exc.reason) from exc
        store.article_mark_failed(article_id=article.pk, reason=exc.reason)
    except (OperationalError, InterfaceError):
        raise  # the database is away: the task retries, the article stays workable
    except Exception as exc:  # any stage's bug must fail this article only
        logger.exception("Ingest of article %s failed", article.pk)
        store.article_mark_failed(article_id=article.pk, reason=_describe(exc))
    return article.pk


def _cleaned(article: Article) -> CleanedArticle:
    from .clean import clean  # the extractor's module; imported late so it may evolve

    if article.url and not article.text:
        page = fetch(article.url)
        store.article_mark_fetched(
            article=article, final_url=page.final_url, fetched_at=page.fetched_at
        )
        # Decoded here from what HTTP and the page declare (Shift-JIS, windows-1252...).
        cleaned = clean(
            decode_bytes(page.content, declared=page.encoding),
            content_type=page.content_type,
            url=page.final_url,
            fetched_at=page.fetched_at,
        )
    else:
        fetched_at = article.fetched_at or article.created_at or timezone.now()
        content_type = "text/html" if _HTML_START.match(article.text) else "text/plain"
        cleaned = clean(
            article.text, content_type=content_type, url=article.url, fetched_at=fetched_at
        )
    if not cleaned.text.strip():
        raise ValueError("No article text was found on the page.")
    return cleaned


def _extract(cleaned: CleanedArticle) -> Extraction:
    # Imported here: the extractor's rule tables load only in processes that ingest.
    from .extract import extract
    from .resolve import known_names

    return extract(cleaned, known=known_names)


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValueError | FeedError) and str(exc):
        return str(exc)
    return f"Unexpected error while processing the article ({type(exc).__name__}: {exc})."


def _gave_up(attempts: int) -> str:
    return (
        f"Gave up after {attempts} attempts that did not finish: processing this article "
        "ran past the time limit or stopped its worker each time."
    )


def requeue_stale_articles(*, now: datetime | None = None) -> list[int]:
    """Articles whose task was lost: pending or fetched, untouched for INGEST_STALE_AFTER_SECONDS.

    Redis keeps its queue in memory and a hard time limit acknowledges the task it
    kills, so the queue can lose work that PostgreSQL still shows as unfinished.
    1. Find the workable articles not updated within the threshold (a start
       touches updated_at, so work in progress is not stale).
    2. Claim each by moving updated_at with a conditional UPDATE: two sweeps at
       once re-queue it once, and the next sweep waits another full threshold.
    3. One that already used up its attempts is failed with the reason instead.
    Returns the ids to queue again.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.INGEST_STALE_AFTER_SECONDS)
    stale = Article.objects.filter(status__in=_WORKABLE, updated_at__lt=cutoff)
    requeue = []
    for pk, attempts in stale.values_list("id", "attempts").order_by("id"):
        claim = Article.objects.filter(pk=pk, status__in=_WORKABLE, updated_at__lt=cutoff)
        if attempts >= settings.INGEST_MAX_ATTEMPTS:
            claim.update(
                status=Article.Status.FAILED, failure_reason=_gave_up(attempts), updated_at=now
            )
        elif claim.update(updated_at=now):
            requeue.append(pk)
    return requeue


def feed_claim_due(*, now: datetime | None = None) -> list[int]:
    """Claim every active feed whose poll is due; returns the ids this caller won.

    The claim moves next_poll_at forward with a conditional UPDATE, so two beat
    ticks (or two schedulers) never poll one feed twice.
    """
    now = now or timezone.now()
    due = Feed.objects.filter(Q(next_poll_at__lte=now) | Q(next_poll_at__isnull=True), active=True)
    claimed = []
    for feed in due.only("id", "next_poll_at", "poll_interval_minutes"):
        won = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at)
        if feed.next_poll_at is None:
            won = Feed.objects.filter(pk=feed.pk, next_poll_at__isnull=True)
        next_at = now + timedelta(minutes=feed.poll_interval_minutes)
        if won.update(next_poll_at=next_at):
            claimed.append(feed.pk)
    return claimed


def poll_feed(feed_id: int) -> list[int]:
    """Fetch and parse one feed; create an Article for each entry not seen before.

    Returns the ids of the Articles created, for the caller to ingest. A feed that
    cannot be fetched or parsed records the reason in last_error and creates
    nothing; the entries of the next successful poll are still new then.
    """
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return []
    now = timezone.now()
    try:
        page = fetch(feed.url, accept="feed")
        parsed = parse_feed(page.content)
    except (FetchError, FeedError) as exc:
        Feed.objects.filter(pk=feed.pk).update(last_polled_at=now, last_error=exc.reason)
        if isinstance(exc, FetchError) and exc.transient:
            raise TransientIngestError(exc.reason) from exc
        return []
    created_ids = []
    for entry in parsed.entries:
        # The item and its Article together, or neither: a seen item always has its article.
        with transaction.atomic():
            item = store.feed_item_record(feed=feed, guid=entry.guid)
            if item is None:
                continue
            article, created = store.article_get_or_create(
                origin=Article.Origin.FEED,
                url=entry.url,
                # An entry without a link is ingested from its own summary.
                text="" if entry.url else entry.summary,
                title=entry.title,
                feed=feed,
                published_at=entry.published,
            )
            item.article = article
            item.save(update_fields=["article"])
        if created:
            created_ids.append(article.pk)
    updates = {"last_polled_at": now, "last_error": ""}
    if parsed.title and not feed.title:
        updates["title"] = parsed.title
    if feed.next_poll_at is None or feed.next_poll_at <= now:
        updates["next_poll_at"] = now + timedelta(minutes=feed.poll_interval_minutes)
    Feed.objects.filter(pk=feed.pk).update(**updates)
    return created_ids
