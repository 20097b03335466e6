from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q

from .facts import FactManager
from .milestones import Milestone
from .rounds import Participation, Round


def web_domain(url: str) -> str:
    """ "https://www.example-wire.com/x" -> "example-wire.com"; "" without a web address."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")[:200]


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        FETCHED = "fetched", "Fetched"
        EXTRACTED = "extracted", "Extracted"
        FAILED = "failed", "Failed"
        REVIEWED = "reviewed", "Reviewed"

    class Origin(models.TextChoices):
        URL = "url", "URL"
        FEED = "feed", "Feed"
        PASTE = "paste", "Pasted text"
        UPLOAD = "upload", "Uploaded file"
        DEMO = "demo", "Demo data"

    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True)
    # sha256 of the URL, canonical URL and text: lookups that stay indexable for long URLs.
    url_hash = models.CharField(max_length=64, blank=True)
    canonical_hash = models.CharField(max_length=64, blank=True)
    text_hash = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    # The publication's web address ("example-wire.com"): a source's track record
    # (/sources/<domain>/) groups its articles by it.
    domain = models.CharField(max_length=200, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.URL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    feed = models.ForeignKey(
        "Feed", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same URL or the same text ingested twice is one Article.
            models.UniqueConstraint(
                fields=["url_hash"], condition=~Q(url_hash=""), name="article_unique_url"
            ),
            models.UniqueConstraint(
                fields=["text_hash"], condition=~Q(text_hash=""), name="article_unique_text"
            ),
        ]
        indexes = [
            # Duplicate detection by canonical URL.
            models.Index(fields=["canonical_hash"], name="article_canonical_idx"),
            # The ingest list, filtered by status.
            models.Index(fields=["status", "-created_at"], name="article_status_idx"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = web_domain(self.canonical_url or self.url)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"


class Citation(models.Model):
    objects = FactManager()
    """Where one fact came from: an article and the sentence that says it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    sentence = models.TextField()
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(round__isnull=False, participation__isnull=True, milestone__isnull=True)
                    | Q(round__isnull=True, participation__isnull=False, milestone__isnull=True)
                    | Q(round__isnull=True, participation__isnull=True, milestone__isnull=False)
                ),
                name="citation_cites_one_fact",
            ),
        ]

    def __str__(self) -> str:
        return self.sentence[:80]


class Feed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    poll_interval_minutes = models.PositiveIntegerField(default=60)
    active = models.BooleanField(default=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "url"]
        indexes = [
            # The beat task: active feeds whose next poll is due.
            models.Index(fields=["next_poll_at"], name="feed_due_idx", condition=Q(active=True)),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class FeedItem(models.Model):
    """One entry seen in a feed; the unique key makes each item ingest once."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=1000)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="feed_item_once"),
        ]


class Proposal(models.Model):
    """A fact the extractor proposes, waiting for an editor's decision."""

    class Kind(models.TextChoices):
        ROUND = "round", "Round"
        MILESTONE = "milestone", "Milestone"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The extracted fact as the extractor's JSON (SCHEMA.md shape) plus resolution hints.
    payload = models.JSONField(default=dict)
    sentence = models.TextField(blank=True)
    confidence = models.FloatField(default=0.5)
    # Stable key of the fact within its article, so a re-run proposes nothing twice.
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The round a resolver matched (a second report of a known round) or that acceptance made.
    matched_round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    created_milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="proposal_once_per_article"
            ),
        ]
        indexes = [
            # The review queue: pending proposals, oldest first.
            models.Index(
                fields=["created_at"], name="proposal_pending_idx", condition=Q(status="pending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.article}"
