"""The fetch guard against hostile URLs and hostile servers (issue 6, "Hostile input").

Complements tests/ingest/test_fetch.py, which already covers: `localhost` and a
rebinding name resolving to 127.0.0.1 refused, a redirect to localhost refused,
`file://` given directly refused, a 50 MB gzip bomb stopped at the cap, a server
that sleeps before answering, PNG bytes labelled text/html. Here the guard runs as
in production (FETCH_ALLOW_PRIVATE=False) unless a test says otherwise, and the
proof that nothing was reached is on the wire: a canary listener on 127.0.0.2
that must accept no connection, and a spy on the socket layer below the guard.
"""

from __future__ import annotations

import gzip
import http.server
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from urllib.parse import parse_qs, quote, urlsplit

import httpcore
import pytest

from deals.ingest import pipeline, transport
from deals.ingest.fetch import FetchError, fetch
from deals.models import Feed

CANARY_HOST = "127.0.0.2"
DRIP_INTERVAL = 1.0
# Ten megabytes of zeros deflate to about ten kilobytes.
BOMB = gzip.compress(bytes(10 * 1024 * 1024), compresslevel=9)
# A real PDF head: no NUL byte in its first kilobytes, so only its signature betrays it.
PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    + b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" * 200
)


@pytest.fixture(autouse=True)
def _production_guard(settings):
    settings.FETCH_ALLOW_PRIVATE = False
    settings.FETCH_TIMEOUT = 1.0
    settings.FETCH_MAX_BYTES = 1024 * 1024
    settings.FETCH_MAX_REDIRECTS = 5


# --- servers ---------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        html = "text/html; charset=utf-8"
        if parts.path == "/redirect":
            self._send(302, b"", Content_Type=html, Location=parse_qs(parts.query)["to"][0])
        elif parts.path == "/bomb.html":
            self._send(200, BOMB, Content_Type=html, Content_Encoding="gzip")
        elif parts.path == "/report.html":
            self._send(200, PDF, Content_Type=html)
        else:
            self._send(404, b"not found", Content_Type=html)


@contextmanager
def http_server() -> Iterator[tuple[str, int]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield "127.0.0.1", server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def tcp_server(
    host: str, serve: Callable[[socket.socket, threading.Event], None]
) -> Iterator[tuple[int, list[tuple[str, int]]]]:
    """A raw listener: records who connected and hands each connection to `serve`."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.bind((host, 0))
    listener.listen(16)
    listener.settimeout(0.1)
    accepted: list[tuple[str, int]] = []
    stop = threading.Event()

    def accept_loop() -> None:
        while not stop.is_set():
            try:
                conn, peer = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(peer[:2])
            threading.Thread(target=serve, args=(conn, stop), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def _hang_up(conn: socket.socket, stop: threading.Event) -> None:
    conn.close()


def _read_request(conn: socket.socket) -> None:
    request = b""
    while b"\r\n\r\n" not in request:
        data = conn.recv(4096)
        if not data:
            return
        request += data


def _drip(head: bytes) -> Callable[[socket.socket, threading.Event], None]:
    """Send `head` at once, then one byte a second until the client hangs up."""

    def serve(conn: socket.socket, stop: threading.Event) -> None:
        with conn, suppress(OSError):
            _read_request(conn)
            conn.sendall(head)
            while not stop.wait(DRIP_INTERVAL):
                conn.sendall(b"x")

    return serve


@pytest.fixture
def canary() -> Iterator[tuple[int, list[tuple[str, int]]]]:
    with tcp_server(CANARY_HOST, _hang_up) as (port, accepted):
        yield port, accepted


@pytest.fixture
def connects(monkeypatch) -> list[str]:
    """Every address a socket was opened to, below the guard."""
    opened: list[str] = []
    real = httpcore.SyncBackend.connect_tcp

    def spy(self, host, port, *args, **kwargs):
        opened.append(host)
        return real(self, host, port, *args, **kwargs)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", spy)
    return opened


@pytest.fixture
def allowed_server(monkeypatch) -> Iterator[str]:
    """A redirecting server on 127.0.0.1 that the guard lets through: that host and port only."""
    with http_server() as (host, port):
        real = transport.resolve_checked

        def allow_this_server(name: str, to_port: int, *, deadline: float) -> str:
            if (name, to_port) == (host, port):
                return host
            return real(name, to_port, deadline=deadline)

        monkeypatch.setattr(transport, "resolve_checked", allow_this_server)
        yield f"http://{host}:{port}"


@pytest.fixture
def loopback_server(settings) -> Iterator[str]:
    settings.FETCH_ALLOW_PRIVATE = True
    with http_server() as (host, port):
        yield f"http://{host}:{port}"


def _redirect(base: str, target: str) -> str:
    return f"{base}/redirect?to={quote(target, safe='')}"


# --- addresses -------------------------------------------------------------------------

# Shorthand and numeric hosts that httpx passes on as names: glibc's resolver reads
# them as 127.0.0.1, so only the check on the resolved address stands in the way.
LOOPBACK_FORMS = [
    "2130706433",
    "0x7f000001",
    "017700000001",
    "127.1",
    "[::ffff:127.0.0.1]",
    "[::1]",
]
CANARY_FORMS = [
    "127.0.0.2",
    "2130706434",
    "0x7f000002",
    "017700000002",
    "127.2",
    "[::ffff:127.0.0.2]",
    "[::ffff:7f00:2]",
    "canary.example",  # a public-looking name the (monkeypatched) resolver points at it
]


@pytest.mark.parametrize("host", LOOPBACK_FORMS)
def test_refuses_numeric_and_ipv6_forms_of_loopback(host, connects):
    with pytest.raises(FetchError, match=r"Refused .*loopback") as caught:
        fetch(f"http://{host}:8080/")
    assert "127.0.0.1" in caught.value.reason or "::1" in caught.value.reason
    assert connects == []


@pytest.mark.parametrize("host", CANARY_FORMS)
def test_canary_gets_no_connection_from_any_form_of_its_address(
    host, canary, connects, monkeypatch
):
    port, accepted = canary
    real = socket.getaddrinfo

    def resolver(name, *args, **kwargs):
        if name == "canary.example":
            return real(CANARY_HOST, port, type=socket.SOCK_STREAM)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(FetchError, match=r"Refused .*127\.0\.0\.2 is a loopback"):
        fetch(f"http://{host}:{port}/article.html")
    assert connects == []
    assert accepted == []


@pytest.mark.parametrize("host", ["127.0.0.2", "2130706434", "[::ffff:127.0.0.2]"])
def test_canary_gets_no_connection_through_a_redirect(host, allowed_server, canary, connects):
    port, accepted = canary
    with pytest.raises(FetchError, match=r"Refused .*127\.0\.0\.2 is a loopback"):
        fetch(_redirect(allowed_server, f"http://{host}:{port}/article.html"))
    assert connects == ["127.0.0.1"]  # the allowed first hop, nothing after it
    assert accepted == []


def test_canary_is_reachable_when_private_addresses_are_allowed(canary, settings):
    """Proves the canary would see a connection: with the guard off, it does."""
    settings.FETCH_ALLOW_PRIVATE = True
    port, accepted = canary
    with pytest.raises(FetchError, match="broke off|Could not connect"):
        fetch(f"http://2130706434:{port}/")
    assert len(accepted) == 1


def test_refuses_redirect_to_the_metadata_service(allowed_server, connects):
    with pytest.raises(FetchError, match="Refused 169.254.169.254: .*metadata"):
        fetch(_redirect(allowed_server, "http://169.254.169.254/latest/meta-data/"))
    assert connects == ["127.0.0.1"]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO"])
def test_refuses_redirect_to_another_scheme(target, allowed_server, connects):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(_redirect(allowed_server, target))
    assert connects == ["127.0.0.1"]


# --- hostile servers -------------------------------------------------------------------

BODY_DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<p>"
HEADER_DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: "


@pytest.mark.parametrize("head", [BODY_DRIP, HEADER_DRIP], ids=["body", "headers"])
def test_drip_feed_ends_within_the_deadline(head, settings):
    # A byte comes sooner than the per-read timeout, so only the wall-clock deadline
    # (2 x FETCH_TIMEOUT) can end the fetch.
    settings.FETCH_ALLOW_PRIVATE = True
    settings.FETCH_TIMEOUT = 1.5
    with tcp_server("127.0.0.1", _drip(head)) as (port, _accepted):
        started = time.monotonic()
        with pytest.raises(FetchError, match="longer than 3 s") as caught:
            fetch(f"http://127.0.0.1:{port}/slow.html")
        elapsed = time.monotonic() - started
    assert caught.value.transient
    assert elapsed < 3 * settings.FETCH_TIMEOUT  # bounds the test; not a speed target


def test_gzip_bomb_ends_with_bounded_memory(loopback_server, settings):
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than the 1,024 KB limit"):
            fetch(f"{loopback_server}/bomb.html")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * settings.FETCH_MAX_BYTES


def test_refuses_pdf_labelled_as_html(loopback_server):
    assert b"\x00" not in PDF
    with pytest.raises(FetchError, match="PDF document, not an article"):
        fetch(f"{loopback_server}/report.html")


# --- unreadable addresses --------------------------------------------------------------

# Locations httpx cannot turn into a request: the first two once escaped the guard as
# httpx.InvalidURL (no HTTPError), so a feed poll failed without recording why.
UNREADABLE_LOCATIONS = ["http:127.0.0.1:8203/", "https:127.0.0.1:8203/", "http://[::1/"]


@pytest.mark.parametrize("location", UNREADABLE_LOCATIONS)
def test_unreadable_redirect_is_a_fetch_error(location, allowed_server, connects):
    with pytest.raises(FetchError, match="unreadable address|Invalid URL"):
        fetch(_redirect(allowed_server, location))
    assert connects == ["127.0.0.1"]


@pytest.mark.parametrize("url", ["http://[zz", "http://[::1/article", "https://[]/"])
def test_unreadable_url_is_a_fetch_error(url, connects):
    with pytest.raises(FetchError, match="not a valid URL"):
        fetch(url)
    assert connects == []


def test_feed_poll_records_an_unreadable_redirect(db, allowed_server):
    feed = Feed.objects.create(url=_redirect(allowed_server, "http:127.0.0.1:8203/"))
    assert pipeline.poll_feed(feed.pk) == []
    feed.refresh_from_db()
    assert "unreadable address" in feed.last_error
    assert feed.last_polled_at is not None


# --- DNS rebinding ---------------------------------------------------------------------

PUBLIC = "8.8.8.8"


def test_connects_to_the_address_it_checked_not_a_second_answer(monkeypatch, connects):
    """A resolver that answers a public address first and 127.0.0.1 after: a guard that
    checked one answer and let the socket layer resolve the name again would connect to
    the loopback listener. The guard connects to the address it checked, and only that."""
    with tcp_server("127.0.0.1", _hang_up) as (port, accepted):
        real = socket.getaddrinfo
        answers = []

        def rebinding(name, *args, **kwargs):
            if name != "rebind.example":
                return real(name, *args, **kwargs)
            answers.append(PUBLIC if not answers else "127.0.0.1")
            return real(answers[-1], port, type=socket.SOCK_STREAM)

        # Below the guard: the public address is never really dialled from a test.
        real_connect = httpcore.SyncBackend.connect_tcp

        def no_internet(self, host, to_port, *args, **kwargs):
            connects.append(host)
            if host == PUBLIC:
                raise httpcore.ConnectError("not dialled from a test")
            return real_connect(self, host, to_port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", no_internet)
        with pytest.raises(FetchError) as caught:
            fetch(f"http://rebind.example:{port}/article.html")
    assert accepted == []
    assert connects == [PUBLIC]
    assert answers == [PUBLIC]  # one lookup, checked and used
    assert "Could not connect" in caught.value.reason
