"""Parse an RSS or Atom feed into the entries worth ingesting.

feedparser is lenient, which is what real feeds need, but it is not a hardened XML
parser. Every feed is therefore first read by defusedxml, which refuses any DTD or
entity declaration, so an entity-expansion bomb ("billion laughs") or an external
entity (XXE) ends as a clear FeedError before feedparser sees a byte.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

# Only consulted when the XML is not well-formed, where defusedxml cannot say.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class FeedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FeedEntry:
    # The entry's id, else its link, else a hash of its text: what makes it "seen".
    guid: str
    url: str
    title: str
    summary: str
    published: datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[FeedEntry]


def parse_feed(content: bytes) -> ParsedFeed:
    """Return the feed's title and entries, or raise FeedError saying what is wrong."""
    if not content.strip():
        raise FeedError("The feed is empty.")
    _refuse_declarations(content)
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    entries = [entry for entry in (_entry(raw) for raw in parsed.entries) if entry]
    if parsed.bozo and not entries:
        problem = getattr(parsed, "bozo_exception", None) or "unknown error"
        raise FeedError(f"The feed is malformed and has no readable entries ({problem}).")
    if not parsed.version:
        raise FeedError("This is not an RSS or Atom feed.")
    return ParsedFeed(title=parsed.feed.get("title", "")[:300], entries=entries)


def _refuse_declarations(content: bytes) -> None:
    try:
        fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(
            "The feed declares a DTD or XML entities, which are refused "
            f"(they are how entity-expansion and XXE attacks work): {exc}."
        ) from exc
    except (ParseError, ValueError):
        # Not well-formed: feedparser may still read it, but only without declarations.
        if _DECLARATION.search(content[:65536]):
            raise FeedError("The feed declares a DTD or XML entities, which are refused.") from None


def _entry(raw: feedparser.FeedParserDict) -> FeedEntry | None:
    url = (raw.get("link") or "").strip()
    title = (raw.get("title") or "").strip()
    summary = (raw.get("summary") or "").strip()
    if not url and not summary:
        return None
    guid = (raw.get("id") or url).strip()
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
    return FeedEntry(
        guid=guid[:1000],
        url=url,
        title=title[:500],
        summary=summary,
        published=_published(raw),
    )


def _published(raw: feedparser.FeedParserDict) -> datetime | None:
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
