"""Bulk ingest: `python manage.py ingest PATH_OR_URL... [--feed URL]`.

Runs the whole pipeline in this process (no worker needed) with a progress bar,
then prints one line per article that failed and a summary. What was ingested
before is found again, not duplicated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from deals.forms_ingest import UPLOAD_EXTENSIONS
from deals.ingest import pipeline, store
from deals.ingest.fetch import decode_bytes
from deals.models import Article, Feed


class Command(BaseCommand):
    help = "Ingest articles from URLs or .html/.txt files, and new items of RSS/Atom feeds."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("sources", nargs="*", metavar="PATH_OR_URL")
        parser.add_argument(
            "--feed",
            action="append",
            default=[],
            metavar="URL",
            help="An RSS or Atom feed whose new items to ingest (repeatable); it is "
            "added to the feeds page if it is not there yet.",
        )

    def handle(self, *args: Any, sources: list[str], feed: list[str], **options: Any) -> None:
        if not sources and not feed:
            raise CommandError("Give at least one PATH_OR_URL or --feed URL.")
        ids: list[int] = []
        for source in sources:
            ids.append(self._article_for(source).pk)
        for url in feed:
            ids += self._feed_articles(url)

        progress = tqdm(ids, desc="Ingesting", unit="article", disable=options["verbosity"] == 0)
        final_ids = [pipeline.ingest_article(pk) for pk in progress]
        articles = Article.objects.filter(pk__in=[pk for pk in final_ids if pk]).order_by("id")
        failed = [a for a in articles if a.status == Article.Status.FAILED]
        for article in failed:
            self.stderr.write(
                f"FAILED {article.url or f'article {article.pk}'}: {article.failure_reason}"
            )
        proposals = sum(a.proposals.count() for a in articles)
        self.stdout.write(
            f"{len(articles)} article(s): {len(articles) - len(failed)} read, "
            f"{len(failed)} failed, {proposals} proposal(s) to review."
        )

    def _article_for(self, source: str) -> Article:
        if source.startswith(("http://", "https://")):
            article, _ = store.article_get_or_create(origin=Article.Origin.URL, url=source)
            return article
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"{source} is neither an http(s) URL nor a file.")
        if path.suffix.lower() not in UPLOAD_EXTENSIONS:
            raise CommandError(f"{source}: only .html, .htm and .txt files are read.")
        text = decode_bytes(path.read_bytes())
        if not text.strip():
            raise CommandError(f"{source} is empty.")
        article, _ = store.article_get_or_create(origin=Article.Origin.UPLOAD, text=text)
        return article

    def _feed_articles(self, url: str) -> list[int]:
        feed, _ = Feed.objects.get_or_create(url=url)
        # A feed that fails is reported and skipped; the other sources still run.
        try:
            ids = pipeline.poll_feed(feed.pk)
        except pipeline.TransientIngestError:
            ids = []
        feed.refresh_from_db()
        if feed.last_error:
            self.stderr.write(f"FAILED feed {url}: {feed.last_error}")
        return ids
