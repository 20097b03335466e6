"""Build CleanedArticle values for extractor tests from text written here."""

from __future__ import annotations

from datetime import UTC, date, datetime

from deals.ingest.types import CleanedArticle


def article(
    text: str, *, title: str = "", published: date | None = date(2026, 3, 10)
) -> CleanedArticle:
    return CleanedArticle(
        url="https://news.example/story",
        canonical_url="https://news.example/story",
        title=title,
        publisher="news.example",
        published=published,
        text=text,
        fetched_at=datetime(2026, 3, 10, 12, 0, tzinfo=UTC),
    )
