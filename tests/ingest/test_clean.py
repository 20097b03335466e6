from datetime import UTC, date, datetime

from deals.ingest.clean import clean, clean_html, clean_text
from deals.ingest.extract.text import MAX_CHARS, within_limit

FETCHED = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
BODY = (
    "<p>Corvid, the Lisbon robotics start-up, has raised $50 million in a Series B round led "
    "by Tagus Ventures, the company said on Monday.</p>"
    "<p>The money will pay for a second factory and for hiring engineers in Porto and Madrid, "
    "where the company already runs a small research office.</p>"
    "<p>Corvid was founded in 2019 and now sells its picking robots to warehouses in Spain, "
    "Portugal and France.</p>"
)


def page(head: str = "", before: str = "", after: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>Corvid raises $50m | Wire</title>{head}</head><body>"
        "<div id='cookie-banner'>We use cookies to improve your experience. Accept all</div>"
        "<nav><a href='/'>Home</a> <a href='/deals'>Deals</a></nav>"
        f"<article><h1>Corvid raises $50m to build robots</h1>{before}{BODY}</article>"
        "<aside class='related'><h2>Related</h2><ul><li><a href='/x'>Brisk raises $900m at a "
        f"$9bn valuation</a></li></ul></aside>{after}</body></html>"
    )


def test_html_keeps_the_article_and_drops_navigation_and_related_boxes() -> None:
    cleaned = clean_html(page(), url="https://wire.example/corvid", fetched_at=FETCHED)
    assert "Tagus Ventures" in cleaned.text
    assert "Brisk" not in cleaned.text
    assert "cookies" not in cleaned.text
    assert cleaned.title == "Corvid raises $50m to build robots"


def test_published_from_article_meta_tag_as_written() -> None:
    head = '<meta property="article:published_time" content="2026-03-08T23:30:00Z">'
    cleaned = clean_html(page(head=head), url="https://wire.example/a", fetched_at=FETCHED)
    assert cleaned.published == date(2026, 3, 8)


def test_published_from_ld_json() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2026-02-01T06:00:00+00:00"}</script>'
    )
    cleaned = clean_html(page(head=head), url="https://wire.example/a", fetched_at=FETCHED)
    assert cleaned.published == date(2026, 2, 1)


def test_published_from_relative_time_when_no_metadata() -> None:
    cleaned = clean_html(
        page(before="<span class='ago'>2 days ago</span>"),
        url="https://wire.example/a",
        fetched_at=FETCHED,
    )
    assert cleaned.published == date(2026, 3, 8)


def test_plain_text_drops_share_and_comment_lines_and_reads_the_dateline() -> None:
    text = (
        "Corvid raises $50m for robots\n\nTweetLinkedIn\n\n"
        "LISBON, March 9 (Wire) - Corvid has raised $50 million.\n\nLoading comments...\n"
    )
    cleaned = clean_text(text, url="https://wire.example/a", fetched_at=FETCHED)
    assert cleaned.title == "Corvid raises $50m for robots"
    assert "Tweet" not in cleaned.text and "comments" not in cleaned.text
    assert cleaned.published == date(2026, 3, 9)


def test_dispatch_sniffs_html_without_a_content_type() -> None:
    cleaned = clean(
        page().encode(), content_type="", url="https://wire.example/a", fetched_at=FETCHED
    )
    assert "<p>" not in cleaned.text and "Tagus" in cleaned.text


def test_garbage_bytes_do_not_raise() -> None:
    cleaned = clean(b"\xff\xfe<<<>>>\x00", content_type="text/html", url="", fetched_at=FETCHED)
    assert isinstance(cleaned.text, str)


def test_long_text_is_cut_where_a_paragraph_ends_not_mid_word() -> None:
    paragraph = "Corvid raised $50 million in a Series B round led by Tagus Ventures. " * 7
    text = "\n\n".join(f"{n} {paragraph.strip()}" for n in range(2000))
    kept = within_limit(text)
    assert MAX_CHARS // 2 <= len(kept) <= MAX_CHARS
    assert kept.endswith("Tagus Ventures.")
    assert text.startswith(kept) and text[len(kept) :].startswith("\n\n")
    cleaned = clean_text(text, url="", fetched_at=FETCHED)
    assert cleaned.text.endswith("Tagus Ventures.")


def test_one_long_line_is_cut_at_a_sentence_or_word() -> None:
    text = "Corvid raised money again. " * 5000
    kept = within_limit(text)
    assert kept.endswith("again.") and len(kept) <= MAX_CHARS
    words = "word " * 20000
    assert within_limit(words).endswith("word")


def test_short_text_is_kept_whole() -> None:
    assert within_limit("Corvid raised.") == "Corvid raised."


def test_a_long_html_page_is_cut_where_a_paragraph_ends_too() -> None:
    paragraph = "Corvid raised $50 million in a Series B round led by Tagus Ventures. " * 7
    body = "".join(f"<p>{n} {paragraph.strip()}</p>" for n in range(1200))
    html = f"<html><head><title>Corvid</title></head><body><article>{body}</article></body></html>"
    cleaned = clean_html(html, url="https://wire.example/a", fetched_at=FETCHED)
    assert len(cleaned.text) <= MAX_CHARS
    assert cleaned.text.endswith("Tagus Ventures.")
