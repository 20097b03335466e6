"""Clean a fetched page down to the article: title, publication date and body text.

HTML goes through trafilatura for the main text (navigation, cookie banners, related
boxes, share buttons and comments dropped). Metadata is read here from the parsed tree
(meta tags, ld+json, <time>), not by trafilatura's own metadata pass, which costs
several times the text extraction and guesses dates from any year in the page.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime
from urllib.parse import urlparse

import trafilatura
from lxml import html as lxml_html

from deals.ingest.extract.text import normalise
from deals.ingest.published import published_from_text
from deals.ingest.types import CleanedArticle

logger = logging.getLogger(__name__)

# Raw pages beyond this are cut before parsing: the article is near the top.
MAX_HTML_BYTES = 2_000_000
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_BOILERPLATE_LINE = re.compile(
    r"^(?:tweet|share|linkedin|facebook|email|print|copy link|subscribe|sign up|log in|"
    r"sign in|loading comments|comments?|reader notes|more in this thread|related(?: stories)?|"
    r"read (?:also|more)|advertisement|source:.*|most read|follow us.*|\d+ min(?:ute)? read|"
    r"[\w .'-]+/\d+ min/.*|(?:tweet|share|linkedin|facebook|email)+)[\s.:!\u2026]*$",
    re.IGNORECASE,
)
_FEED_FIELD = re.compile(
    r"^(title|link|published|category|summary|author|tags?):\s*", re.IGNORECASE
)


def clean(
    content: bytes | str, *, content_type: str, url: str, fetched_at: datetime
) -> CleanedArticle:
    """Dispatch on the content type (or a sniff of the content) to HTML or plain text."""
    text = content if isinstance(content, str) else _decode(content)
    if "html" in (content_type or "").lower() or _looks_like_html(text):
        return clean_html(text, url=url, fetched_at=fetched_at)
    return clean_text(text, url=url, fetched_at=fetched_at)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("utf-8", errors="replace")


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(?:body|article|div|p)[\s>]", head)
    )


def clean_html(html: str | bytes, *, url: str, fetched_at: datetime) -> CleanedArticle:
    if isinstance(html, bytes):
        html = _decode(html[:MAX_HTML_BYTES])
    html = html[:MAX_HTML_BYTES]
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return clean_text(re.sub(r"<[^>]+>", " ", html), url=url, fetched_at=fetched_at)
    meta = _meta(tree)
    title = meta.get("og:title") or _first_text(tree, "//h1") or _first_text(tree, "//title")
    published = _metadata_date(tree, meta)
    # Text nodes one a line: a byline stamp or dateline keeps its own line.
    page_text = "\n".join(tree.xpath("//body//text()")[:400]) if published is None else ""
    try:
        body = (
            trafilatura.extract(
                tree,
                url=url,
                include_comments=False,
                include_tables=False,
                favor_precision=True,
                with_metadata=False,
            )
            or ""
        )
    except Exception:  # a broken page yields an empty body, not a crash
        logger.exception("trafilatura failed on %s", url)
        body = ""
    body = normalise(body)
    if published is None:
        published = published_from_text(
            page_text[:6000], fetched_at, head_lines=60, guess=False
        ) or published_from_text(body, fetched_at)
    canonical = meta.get("og:url") or _canonical_link(tree) or url
    return CleanedArticle(
        url=url,
        canonical_url=canonical,
        title=normalise(title or "").strip(),
        publisher=meta.get("og:site_name") or urlparse(url).hostname or "",
        published=published,
        text=body,
        fetched_at=fetched_at,
    )


def _meta(tree: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        name = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if name and name not in found:
            found[name] = node.get("content", "").strip()
    return found


def _first_text(tree: lxml_html.HtmlElement, xpath: str) -> str:
    nodes = tree.xpath(xpath)
    return " ".join(nodes[0].text_content().split()) if nodes else ""


def _canonical_link(tree: lxml_html.HtmlElement) -> str:
    links = tree.xpath("//link[@rel='canonical']/@href")
    return str(links[0]) if links else ""


def _iso_date(value: str) -> date | None:
    """The calendar date as written ("2025-05-21T23:20:00Z" -> 2025-05-21)."""
    m = _ISO_DAY.search(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _metadata_date(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> date | None:
    for name in _META_DATE_KEYS:
        day = _iso_date(meta.get(name, ""))
        if day:
            return day
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        day = _ld_json_date(script)
        if day:
            return day
    for value in tree.xpath("//time/@datetime")[:3]:
        day = _iso_date(value)
        if day:
            return day
    return None


def _ld_json_date(script: str) -> date | None:
    try:
        data = json.loads(script)
    except (ValueError, TypeError):
        match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script)
        return _iso_date(match.group(1)) if match else None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return _iso_date(item["datePublished"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def clean_text(text: str, *, url: str, fetched_at: datetime) -> CleanedArticle:
    """Plain text: drop share/comment/byline lines and repeated headlines; keep the rest."""
    text = normalise(text)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    published = published_from_text("\n".join(lines), fetched_at)
    title = ""
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        field = _FEED_FIELD.match(line)
        if field:
            name = field.group(1).lower()
            value = line[field.end() :]
            if name == "title":
                title = title or value
                continue
            if name == "summary":
                line = value
            else:
                continue
        if _BOILERPLATE_LINE.match(line.strip()):
            continue
        if re.fullmatch(
            r"[\w &|,.-]{0,40}\d+\s*(?:hrs?|hours?|mins?|minutes?|days?)\s+ago",
            line.strip(),
            re.IGNORECASE,
        ):
            continue
        if line in seen:
            continue
        seen.add(line)
        kept.append(line)
    if not title:
        title = next((ln for ln in kept if len(ln.split()) >= 4 and not ln.endswith(".")), "")
    body = "\n".join(ln for ln in kept if ln != title)
    return CleanedArticle(
        url=url,
        canonical_url=url,
        title=title,
        publisher=urlparse(url).hostname or "",
        published=published,
        text=body,
        fetched_at=fetched_at,
    )
