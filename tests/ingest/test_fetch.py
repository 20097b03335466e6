"""The guarded fetch against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import time

import pytest

from deals.ingest import addresses, transport
from deals.ingest.fetch import FetchError, check_address, decode_bytes, fetch

from .newsserver import SENTENCE, news_server


@pytest.fixture(scope="module")
def base():
    with news_server() as url:
        yield url


@pytest.fixture(autouse=True)
def _allow_loopback(settings):
    # The test server is on loopback; one test below turns the guard back on.
    settings.FETCH_ALLOW_PRIVATE = True
    settings.FETCH_TIMEOUT = 1.0
    settings.FETCH_MAX_BYTES = 1024 * 1024


def test_fetches_article_with_its_content_type(base):
    page = fetch(f"{base}/article.html")
    assert SENTENCE.encode() in page.content
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert page.final_url == f"{base}/article.html"


def test_records_final_url_after_redirect(base):
    page = fetch(f"{base}/moved")
    assert page.url == f"{base}/moved"
    assert page.final_url == f"{base}/article.html"


def test_redirect_loop_is_named(base):
    with pytest.raises(FetchError, match="Redirect loop"):
        fetch(f"{base}/loop-a")


def test_redirect_limit(base, settings):
    settings.FETCH_MAX_REDIRECTS = 0
    with pytest.raises(FetchError, match="Too many redirects"):
        fetch(f"{base}/moved")


def test_refuses_binary_content_type(base):
    with pytest.raises(FetchError, match="application/pdf, not an article"):
        fetch(f"{base}/report.pdf")


def test_refuses_binary_bytes_labelled_html(base):
    with pytest.raises(FetchError, match="binary data"):
        fetch(f"{base}/disguised.html")


def test_refuses_declared_huge_body_without_reading_it(base):
    started = time.monotonic()
    with pytest.raises(FetchError, match="larger than the 1,024 KB limit"):
        fetch(f"{base}/huge.html")
    assert time.monotonic() - started < 5


def test_stops_streaming_undeclared_huge_body_at_the_cap(base):
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{base}/huge-chunked.html")


def test_gzip_bomb_stops_at_the_cap(base):
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{base}/bomb.html")


def test_decompresses_gzip_within_the_cap(base):
    page = fetch(f"{base}/gzipped.html")
    assert b"Globex Biotech raised $45 million" in page.content


def test_empty_page(base):
    with pytest.raises(FetchError, match="is empty"):
        fetch(f"{base}/empty.html")


def test_timeout_is_transient(base, settings):
    settings.FETCH_TIMEOUT = 0.5
    with pytest.raises(FetchError, match="Timed out") as caught:
        fetch(f"{base}/slow.html")
    assert caught.value.transient


def test_server_error_is_transient_and_not_found_is_not(base):
    with pytest.raises(FetchError, match="HTTP 503") as unavailable:
        fetch(f"{base}/unavailable.html")
    assert unavailable.value.transient
    with pytest.raises(FetchError, match="HTTP 404") as missing:
        fetch(f"{base}/nowhere.html")
    assert not missing.value.transient


def test_feed_types_only_when_asked_for_a_feed(base):
    assert fetch(f"{base}/feed.xml", accept="feed").content_type == "application/rss+xml"
    with pytest.raises(FetchError, match="application/rss\\+xml, not an article"):
        fetch(f"{base}/feed.xml")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x/"])
def test_refuses_other_schemes(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


def test_refuses_loopback_unless_allowed(base, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchError, match="loopback"):
        fetch(f"{base}/article.html")
    port = base.rsplit(":", 1)[1]
    # A name is resolved and its address checked, not the name.
    with pytest.raises(FetchError, match="Refused localhost: 127.0.0.1 is a loopback"):
        fetch(f"http://localhost:{port}/article.html")


def test_checks_the_address_it_connects_to(base, settings, monkeypatch):
    """DNS rebinding: a public-looking name that resolves to loopback at connect time."""
    settings.FETCH_ALLOW_PRIVATE = False
    port = int(base.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "news.example":
            return real("127.0.0.1", port, type=socket.SOCK_STREAM)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(FetchError, match="Refused news.example: 127.0.0.1"):
        fetch(f"http://news.example:{port}/article.html")


def test_each_redirect_hop_is_checked(base, settings, monkeypatch):
    """127.0.0.1 is allowed here, localhost is not: the redirect to localhost is refused."""
    real = transport.resolve_checked

    def allow_only_the_first_host(host, port, *, deadline):
        settings.FETCH_ALLOW_PRIVATE = host != "localhost"
        return real(host, port, deadline=deadline)

    monkeypatch.setattr(transport, "resolve_checked", allow_only_the_first_host)
    with pytest.raises(FetchError, match="Refused localhost"):
        fetch(f"{base}/to-localhost")


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "metadata"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified|private"),
        ("100.64.0.1", "not a public"),
        ("::ffff:127.0.0.1", "loopback"),
        ("240.0.0.1", "reserved|private"),
        # IPv6 forms that deliver to an embedded IPv4 address.
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:c0a8:101::1", "private"),  # 6to4 of 192.168.1.1
        ("2002:a9fe:a9fe::", "metadata"),  # 6to4 of 169.254.169.254
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b:1::a00:1", "private"),  # local-use NAT64 of 10.0.0.1
        ("::7f00:1", "loopback"),  # IPv4-compatible 127.0.0.1
    ],
)
def test_check_address_refuses_non_public(address, why):
    with pytest.raises(FetchError, match=why):
        check_address(address)


def test_check_address_allows_public():
    check_address("93.184.216.34")
    check_address("2606:2800:220:1:248:1893:25c8:1946")
    check_address("2002:5db8:d822::1")  # 6to4 of the public 93.184.216.34


def test_a_host_that_never_answers_a_lookup_fails_within_the_deadline(monkeypatch):
    def hanging_lookup(*args, **kwargs):
        time.sleep(5)
        raise AssertionError("the fetch should have given up first")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took too long") as caught:
        addresses.resolve_checked("slow.example", 80, deadline=time.monotonic() + 0.3)
    assert caught.value.transient
    assert time.monotonic() - started < 3


def test_decode_bytes_honours_declared_and_meta_charsets():
    assert decode_bytes("Société €".encode("cp1252"), declared="windows-1252") == "Société €"
    sjis = '<meta charset="shift_jis"><p>東京</p>'.encode("shift_jis")
    assert "東京" in decode_bytes(sjis)
    assert decode_bytes(b"caf\xe9") == "café"
