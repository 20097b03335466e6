"""Submitting articles and feeds for ingest; the work itself runs in Celery tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from deals.enqueue import INGEST_ARTICLE, POLL_FEED, enqueue_on_commit
from deals.ingest import store
from deals.models import Article, Feed


@transaction.atomic
def article_submit(
    *, user: Any, url: str = "", text: str = "", origin: str = Article.Origin.URL
) -> tuple[Article, bool]:
    """The Article for this URL or text, queued for ingest when it is new.

    Submitting what is already on file returns that Article and queues nothing.
    """
    article, created = store.article_get_or_create(
        origin=origin, url=url, text=text, submitted_by=user
    )
    if created:
        enqueue_on_commit(INGEST_ARTICLE, [article.pk])
    return article, created


@transaction.atomic
def article_retry(*, article: Article) -> Article:
    """Queue a failed article again, from its submission (its URL or text)."""
    # Attempts start over: the editor's retry is a new run, not one more of the old ones.
    claimed = Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).update(
        status=Article.Status.PENDING, failure_reason="", attempts=0, updated_at=timezone.now()
    )
    if not claimed:
        raise ValidationError("Only a failed article can be retried.")
    enqueue_on_commit(INGEST_ARTICLE, [article.pk])
    article.refresh_from_db()
    return article


@transaction.atomic
def feed_create(*, url: str, poll_interval_minutes: int, user: Any, title: str = "") -> Feed:
    """Add a feed; it is polled at once, then by beat every interval."""
    feed = Feed(
        url=url.strip(),
        title=title,
        poll_interval_minutes=poll_interval_minutes,
        created_by=user,
        next_poll_at=timezone.now() + timedelta(minutes=poll_interval_minutes),
    )
    feed.full_clean()
    feed.save()
    feed_poll_now(feed=feed)
    return feed


def feed_poll_now(*, feed: Feed) -> None:
    enqueue_on_commit(POLL_FEED, [feed.pk])
