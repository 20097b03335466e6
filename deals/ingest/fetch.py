"""Stage 1: fetch a page over HTTP, guarded.

Article URLs come from editors and from third-party feeds, so a URL is untrusted
input: it may point at the metadata service, at a service on the private network,
at a 50 MB file or at a gzip bomb. The guard therefore

1. accepts only http and https URLs;
2. resolves the host itself and connects to the address it checked (the check
   runs in the transport's connect step, so a DNS answer that changes between a
   check and the connection - DNS rebinding - cannot slip through), refusing
   private, loopback, link-local, multicast and reserved addresses unless
   settings.FETCH_ALLOW_PRIVATE;
3. follows redirects itself, at most settings.FETCH_MAX_REDIRECTS, each hop
   going through the same guard, and names a loop as a loop;
4. accepts only the content types an article or a feed can have;
5. streams the body and decompresses it itself, stopping as soon as more than
   settings.FETCH_MAX_BYTES would be held, compressed or not;
6. gives the whole fetch settings.FETCH_TIMEOUT per network wait and a
   wall-clock deadline, enforced on every socket read and write, so a server
   trickling bytes (into the headers or the body) cannot hold a worker.

Every refusal raises FetchError with a sentence an editor can act on; errors
worth retrying later (timeouts, 5xx, 429) carry transient=True.
"""

from __future__ import annotations

import codecs
import re
import time
import zlib
from collections.abc import Iterator
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from django.utils import timezone

from .addresses import check_address
from .transport import GuardedTransport
from .types import FetchedPage, FetchError

__all__ = ["FetchError", "check_address", "decode_bytes", "fetch"]

ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = ARTICLE_TYPES | frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
USER_AGENT = "FundTrackerBot/1.0 (+https://github.com/fundtracker; funding-round tracker)"
# Cloud metadata endpoints that are not all covered by "link-local" (AWS IPv6, Alibaba).
CHUNK = 64 * 1024
# Documents that servers mislabel text/html; their first kilobytes may hold no NUL byte
# (a PDF's header and object dictionaries are ASCII), so the binary check misses them.
BINARY_SIGNATURES = ((b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a zip archive"))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding=["']([\w-]+)""")


def fetch(url: str, *, accept: Literal["article", "feed"] = "article") -> FetchedPage:
    """Fetch `url` through the guard and return the raw bytes with what HTTP said."""
    allowed = FEED_TYPES if accept == "feed" else ARTICLE_TYPES
    deadline = time.monotonic() + settings.FETCH_TIMEOUT * 2
    seen: list[str] = []
    current = _checked_url(url)
    with _client(deadline) as client:
        while True:
            seen.append(current)
            response = _send(client, current, deadline)
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError(f"{current} redirects without saying where to.")
                    target = _checked_url(_joined(current, location))
                    if target in seen:
                        raise FetchError(
                            f"Redirect loop: {target} redirects back to itself "
                            f"after {len(seen)} hop(s)."
                        )
                    if len(seen) > settings.FETCH_MAX_REDIRECTS:
                        raise FetchError(
                            f"Too many redirects: more than {settings.FETCH_MAX_REDIRECTS} "
                            f"starting from {url}."
                        )
                    current = target
                    continue
                _check_status(response)
                content_type, encoding = _content_type(response, allowed)
                content = _read_capped(response, deadline)
            finally:
                response.close()
            break
    if not content.strip():
        raise FetchError(f"The page at {current} is empty.")
    if b"\x00" in content[:4096] and not _is_utf16(content):
        raise FetchError(f"The page at {current} is binary data, not text.")
    head = content[:1024].lstrip()
    for signature, kind in BINARY_SIGNATURES:
        if head.startswith(signature):
            raise FetchError(f"The page at {current} is {kind}, not an article.")
    return FetchedPage(
        url=url,
        final_url=current,
        content=content,
        content_type=content_type,
        encoding=encoding,
        fetched_at=timezone.now(),
    )


def decode_bytes(raw: bytes, *, declared: str | None = None) -> str:
    """Text of a page in a legacy or unicode encoding.

    In order: a byte-order mark, the charset HTTP declared, the page's own
    <meta charset> or XML declaration, UTF-8; last cp1252, which decodes nearly
    every byte, with U+FFFD for the rest rather than an error.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    candidates = [declared] if declared else []
    for pattern in (_META_CHARSET, _XML_ENCODING):
        found = pattern.search(raw[:4096])
        if found:
            candidates.append(found.group(1).decode("ascii", "ignore"))
    for codec in [*candidates, "utf-8"]:
        try:
            return raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("cp1252", errors="replace")


def _checked_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as exc:  # "http://[zz" from a feed entry or a Location header
        raise FetchError(f"Refused: {url!r} is not a valid URL ({exc}).") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"Refused: only http and https URLs can be fetched, not {url!r}.")
    if not hostname:
        raise FetchError(f"Refused: {url!r} names no host.")
    if parts.username or parts.password:
        raise FetchError("Refused: URLs with a user name or password are not fetched.")
    # The fragment never reaches the server; dropping it makes loop detection exact.
    return parts._replace(fragment="").geturl()


def _joined(current: str, location: str) -> str:
    try:
        return urljoin(current, location)
    except ValueError as exc:
        raise FetchError(f"Refused: {current} redirects to {location!r}: {exc}.") from None


def _client(deadline: float) -> httpx.Client:
    timeout = httpx.Timeout(settings.FETCH_TIMEOUT)
    return httpx.Client(
        transport=GuardedTransport(deadline),
        timeout=timeout,
        follow_redirects=False,
        # Proxies from the environment would make the guard check the proxy, not the target.
        trust_env=False,
        headers={
            "User-Agent": USER_AGENT,
            # Only encodings _read_capped can decompress under its cap.
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
            "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8",
        },
    )


def _send(client: httpx.Client, url: str, deadline: float) -> httpx.Response:
    try:
        return client.send(client.build_request("GET", url), stream=True)
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        if time.monotonic() >= deadline:
            raise FetchError(_past_deadline(url), transient=True) from exc
        raise FetchError(
            f"Timed out after {settings.FETCH_TIMEOUT:g} s waiting for {url}.", transient=True
        ) from exc
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"Refused: unsupported protocol in {url}.") from exc
    except httpx.InvalidURL as exc:
        # Not an HTTPError: httpx builds a redirect's next request even when it does not
        # follow it, and a Location it cannot read ("http:127.0.0.1:8203/") raises this.
        raise FetchError(f"Refused: {url} redirects to an unreadable address ({exc}).") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"Could not connect to {url}: {exc}.", transient=True) from exc


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status == 304 or 200 <= status < 300:
        return
    reason = f"The server answered HTTP {status} {response.reason_phrase} for {response.url}."
    raise FetchError(reason, transient=status >= 500 or status in (408, 429))


def _content_type(response: httpx.Response, allowed: frozenset[str]) -> tuple[str, str | None]:
    header = response.headers.get("content-type", "")
    mime = header.split(";", 1)[0].strip().lower()
    if not mime:
        raise FetchError(f"The server sent no content type for {response.url}; not fetched.")
    if mime not in allowed:
        raise FetchError(
            f"The page at {response.url} is {mime}, not an article "
            f"(accepted: {', '.join(sorted(allowed))})."
        )
    return mime, response.charset_encoding


def _read_capped(response: httpx.Response, deadline: float) -> bytes:
    limit = settings.FETCH_MAX_BYTES
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(_too_large(response, limit))
    body = bytearray()
    try:
        for chunk in _decoded(response, limit):
            body += chunk
            if len(body) > limit:
                raise FetchError(_too_large(response, limit))
            if time.monotonic() > deadline:
                raise FetchError(_past_deadline(response.url), transient=True)
    except httpx.TimeoutException as exc:
        if time.monotonic() >= deadline:
            raise FetchError(_past_deadline(response.url), transient=True) from exc
        raise FetchError(
            f"Timed out after {settings.FETCH_TIMEOUT:g} s reading {response.url}.",
            transient=True,
        ) from exc
    except httpx.HTTPError as exc:
        raise FetchError(
            f"The download of {response.url} broke off: {exc}.", transient=True
        ) from exc
    return bytes(body)


def _decoded(response: httpx.Response, limit: int) -> Iterator[bytes]:
    """The body, decompressed here rather than by httpx so no call inflates past the cap."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    raw = response.iter_raw(CHUNK)
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"The server used an unsupported compression ({encoding}).")
    # wbits 47 accepts both gzip and zlib headers (servers mislabel deflate often).
    decompressor = zlib.decompressobj(47)
    produced = 0
    try:
        for chunk in raw:
            # One byte over the room left is enough to know the cap is passed.
            out = decompressor.decompress(chunk, limit - produced + 1)
            produced += len(out)
            yield out
            if produced > limit:
                return
        yield decompressor.flush()
    except zlib.error as exc:
        raise FetchError(f"The compressed body of {response.url} is corrupt: {exc}.") from exc


def _past_deadline(url: object) -> str:
    return f"Gave up on {url}: the download took longer than {settings.FETCH_TIMEOUT * 2:g} s."


def _too_large(response: httpx.Response, limit: int) -> str:
    return f"The page at {response.url} is larger than the {limit // 1024:,} KB limit."


def _is_utf16(content: bytes) -> bool:
    return content[:2] in (b"\xff\xfe", b"\xfe\xff")
