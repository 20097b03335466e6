"""Feed parsing: RSS and Atom read, DTDs and entity bombs refused before parsing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deals.ingest.feeds import FeedError, parse_feed

from .newsserver import BILLION_LAUGHS, rss

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"""


def test_reads_rss_entries():
    feed = parse_feed(
        rss("https://news.example", [("/a", "A raises"), ("/b", "B raises")]).encode()
    )
    assert feed.title == "Example funding news"
    assert [e.url for e in feed.entries] == ["https://news.example/a", "https://news.example/b"]
    assert feed.entries[0].guid == "https://news.example/a"
    assert feed.entries[0].published == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def test_reads_atom_entries():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:x</id>
<updated>2026-11-20T08:00:00Z</updated>
<entry><title>Globex</title><id>tag:example,2026:1</id>
<link href="https://news.example/globex"/><updated>2026-11-20T08:00:00Z</updated></entry>
</feed>"""
    feed = parse_feed(atom)
    assert feed.title == "Atom news"
    assert feed.entries[0].guid == "tag:example,2026:1"
    assert feed.entries[0].url == "https://news.example/globex"


def test_entry_without_link_keeps_its_summary():
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Short</title><description>Acme raised $5 million.</description></item>"
        b"</channel></rss>"
    )
    entry = parse_feed(body).entries[0]
    assert entry.url == ""
    assert entry.summary == "Acme raised $5 million."
    assert entry.guid.startswith("sha256:")


def test_refuses_billion_laughs():
    with pytest.raises(FeedError, match="DTD or XML entities"):
        parse_feed(BILLION_LAUGHS)


def test_refuses_external_entity():
    with pytest.raises(FeedError, match="DTD or XML entities"):
        parse_feed(XXE)


def test_refuses_declaration_in_malformed_xml():
    with pytest.raises(FeedError, match="DTD or XML entities"):
        parse_feed(b"<rss><<!DOCTYPE x [<!ENTITY a 'b'>]><channel>")


def test_malformed_feed_has_a_clear_reason():
    with pytest.raises(FeedError, match="malformed"):
        parse_feed(b"<rss><channel><title>Broken</title><item><title>x</ite")


def test_html_page_is_not_a_feed():
    with pytest.raises(FeedError):
        parse_feed(b"<html><body><p>Hello</p></body></html>")


def test_empty_feed():
    with pytest.raises(FeedError, match="empty"):
        parse_feed(b"  ")
