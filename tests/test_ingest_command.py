"""`manage.py ingest PATH_OR_URL... [--feed URL]`: in-process, with a summary."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from deals.models import Article, Feed
from tests.ingest.newsserver import SENTENCE, news_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(settings):
    settings.FETCH_ALLOW_PRIVATE = True
    settings.FETCH_TIMEOUT = 1.0
    with news_server() as url:
        yield url


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def test_ingests_urls_files_and_feeds(base, tmp_path):
    story = tmp_path / "story.html"
    story.write_text(f"<html><body><article><p>{SENTENCE}</p></article></body></html>")
    out, err = _run(
        f"{base}/second.html", str(story), f"{base}/empty.html", "--feed", f"{base}/feed.xml"
    )
    assert (
        Article.objects.filter(status="extracted").count() == 3
    )  # second, story, feed's article.html
    failed = Article.objects.get(status="failed")
    assert "is empty" in failed.failure_reason
    assert "empty.html" in err and "is empty" in err
    assert "4 article(s): 3 read, 1 failed" in out
    assert Feed.objects.get().url == f"{base}/feed.xml"


def test_running_again_adds_nothing(base):
    _run(f"{base}/article.html")
    counts = (Article.objects.count(), Article.objects.get().proposals.count())
    _run(f"{base}/article.html")
    assert (Article.objects.count(), Article.objects.get().proposals.count()) == counts


def test_bad_feed_is_reported_and_the_rest_runs(base):
    out, err = _run(f"{base}/second.html", "--feed", f"{base}/bomb.xml")
    assert "DTD or XML entities" in err
    assert Article.objects.get().status == "extracted"


def test_refuses_what_is_neither_url_nor_file():
    with pytest.raises(CommandError, match="neither an http"):
        _run("/no/such/file.html")
    with pytest.raises(CommandError, match="at least one"):
        _run()
