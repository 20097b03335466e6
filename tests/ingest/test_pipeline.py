"""The whole pipeline against a real HTTP server: good pages store, bad ones fail clearly."""

from __future__ import annotations

import pytest

from deals.ingest import pipeline, store
from deals.models import Article, Feed, FeedItem, Proposal
from tests.factories import FeedFactory

from .newsserver import CP1252_SENTENCE, SENTENCE, SJIS_TITLE, news_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def base():
    with news_server() as url:
        yield url


@pytest.fixture(autouse=True)
def _fetch_settings(settings):
    settings.FETCH_ALLOW_PRIVATE = True
    settings.FETCH_TIMEOUT = 0.5
    settings.FETCH_MAX_BYTES = 1024 * 1024


def _ingest(url: str) -> Article:
    article, _ = store.article_get_or_create(origin="url", url=url)
    kept = pipeline.ingest_article(article.pk)
    return Article.objects.get(pk=kept)


def test_article_page_is_extracted_with_proposals(base):
    article = _ingest(f"{base}/article.html")
    assert article.status == Article.Status.EXTRACTED, article.failure_reason
    assert SENTENCE in article.text
    assert "Copyright" not in article.text
    assert article.attempts == 1
    proposal = article.proposals.get(kind="round")
    assert proposal.payload["company"] == "Acme Robotics"
    assert proposal.sentence == SENTENCE


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/report.pdf", "application/pdf, not an article"),
        ("/huge.html", "larger than"),
        ("/huge-chunked.html", "larger than"),
        ("/bomb.html", "larger than"),
        ("/empty.html", "is empty"),
        ("/loop-a", "Redirect loop"),
        ("/slow.html", "Timed out"),
        ("/nowhere.html", "HTTP 404"),
    ],
)
def test_bad_input_fails_with_a_reason_and_the_others_still_store(base, path, reason):
    bad = _ingest(f"{base}{path}")
    good = _ingest(f"{base}/second.html")
    assert bad.status == Article.Status.FAILED
    assert reason in bad.failure_reason
    assert bad.url == f"{base}{path}"  # the submission is kept for a retry
    assert good.status == Article.Status.EXTRACTED
    assert good.proposals.exists()


def test_refused_address_fails_clearly(base, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    article = _ingest(f"{base}/article.html")
    assert article.status == Article.Status.FAILED
    assert "loopback" in article.failure_reason


def test_windows_1252_page_is_decoded(base):
    article = _ingest(f"{base}/cp1252.html")
    assert article.status == Article.Status.EXTRACTED, article.failure_reason
    assert CP1252_SENTENCE in article.text


def test_shift_jis_page_is_decoded(base):
    article = _ingest(f"{base}/sjis.html")
    assert article.status == Article.Status.EXTRACTED, article.failure_reason
    assert SJIS_TITLE in article.text or SJIS_TITLE in article.title


def test_transient_error_leaves_the_article_pending_for_a_retry(base):
    article, _ = store.article_get_or_create(origin="url", url=f"{base}/unavailable.html")
    with pytest.raises(pipeline.TransientIngestError):
        pipeline.ingest_article(article.pk, final_attempt=False)
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING
    assert "Will retry" in article.failure_reason
    pipeline.ingest_article(article.pk, final_attempt=True)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED


def test_a_worker_can_read_the_same_page_again(base):
    # A long-running worker must not remember paragraphs across articles (a retry, a resubmission).
    for _ in range(5):
        Article.objects.all().delete()
        article = _ingest(f"{base}/second.html")
    assert article.status == Article.Status.EXTRACTED, article.failure_reason


def test_running_twice_changes_nothing(base):
    article = _ingest(f"{base}/article.html")
    proposals = list(Proposal.objects.values_list("pk", flat=True))
    pipeline.ingest_article(article.pk)
    article.refresh_from_db()
    assert article.attempts == 1
    assert list(Proposal.objects.values_list("pk", flat=True)) == proposals


def test_same_url_twice_is_one_article(base):
    first = _ingest(f"{base}/article.html")
    second = _ingest(f"{base}/article.html")
    assert first.pk == second.pk
    assert Article.objects.count() == 1


def test_copy_with_the_same_canonical_url_is_folded(base):
    first = _ingest(f"{base}/article.html")
    copy = _ingest(f"{base}/article-copy.html")
    assert copy.pk == first.pk
    assert Article.objects.count() == 1


def test_pasted_text_is_ingested_without_fetching():
    article, _ = store.article_get_or_create(origin="paste", text=SENTENCE)
    pipeline.ingest_article(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED, article.failure_reason
    assert article.proposals.filter(kind="round").exists()


def test_uploaded_html_is_cleaned():
    html = f"<html><body><nav>Menu</nav><article><p>{SENTENCE}</p></article></body></html>"
    article, _ = store.article_get_or_create(origin="upload", text=html)
    pipeline.ingest_article(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED, article.failure_reason
    assert "<p>" not in article.text
    assert SENTENCE in article.text


def test_a_bug_in_a_stage_fails_only_that_article(monkeypatch):
    article, _ = store.article_get_or_create(origin="paste", text=SENTENCE)

    def broken(cleaned):
        raise RuntimeError("extractor exploded")

    monkeypatch.setattr(pipeline, "_extract", broken)
    pipeline.ingest_article(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "extractor exploded" in article.failure_reason
    assert article.text == SENTENCE


class TestFeeds:
    def test_new_items_are_ingested_once(self, base):
        feed = FeedFactory(url=f"{base}/feed.xml", title="")
        created = pipeline.poll_feed(feed.pk)
        assert len(created) == 2
        assert pipeline.poll_feed(feed.pk) == []
        assert FeedItem.objects.filter(feed=feed).count() == 2
        feed.refresh_from_db()
        assert feed.title == "Example funding news"
        assert feed.last_error == ""
        assert feed.last_polled_at is not None
        for pk in created:
            pipeline.ingest_article(pk)
        assert Article.objects.filter(status="extracted").count() == 2

    def test_atom_feed(self, base):
        feed = FeedFactory(url=f"{base}/atom.xml")
        [pk] = pipeline.poll_feed(feed.pk)
        assert Article.objects.get(pk=pk).url == f"{base}/second.html"

    @pytest.mark.parametrize(
        ("path", "reason"),
        [
            ("/malformed.xml", "malformed"),
            ("/bomb.xml", "DTD or XML entities"),
            ("/report.pdf", "not an article"),
        ],
    )
    def test_bad_feed_records_the_error_and_creates_nothing(self, base, path, reason):
        feed = FeedFactory(url=f"{base}{path}")
        assert pipeline.poll_feed(feed.pk) == []
        feed.refresh_from_db()
        assert reason in feed.last_error
        assert not Article.objects.exists()

    def test_claim_due_feeds_once(self):
        from django.utils import timezone

        due = FeedFactory(next_poll_at=None)
        later = FeedFactory(next_poll_at=timezone.now() + timezone.timedelta(hours=1))
        FeedFactory(next_poll_at=None, active=False)
        assert pipeline.feed_claim_due() == [due.pk]
        assert pipeline.feed_claim_due() == []
        due.refresh_from_db()
        assert due.next_poll_at > timezone.now()
        assert Feed.objects.get(pk=later.pk).next_poll_at == later.next_poll_at
