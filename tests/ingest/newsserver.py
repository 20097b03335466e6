"""A real HTTP server on 127.0.0.1 serving the pages and feeds that ingest meets.

Used by the fetch, pipeline, command and worker tests: `with news_server() as base:`
gives its base URL ("http://127.0.0.1:PORT"). Handlers stream large bodies in
chunks so a 50 MB response is never built in memory, on either side.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress

SENTENCE = "Acme Robotics raised $20 million in a Series A round led by Example Ventures."
SECOND_SENTENCE = "Globex Biotech raised $45 million in a Series B round led by Initech Capital."


def article_html(sentence: str, *, title: str, canonical: str = "", charset: str = "utf-8") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="{charset}"><title>{title}</title>{link}
<meta property="article:published_time" content="2026-11-20T08:00:00Z"></head>
<body>
<nav><a href="/">Home</a> <a href="/tech">Tech</a> <a href="/markets">Markets</a></nav>
<article>
<h1>{title}</h1>
<p>{sentence}</p>
<p>The company, founded in 2019, builds warehouse robots that pick and pack orders for
retailers across Europe and North America. It plans to use the money to expand its
engineering team and open new offices in Berlin and Austin over the coming year.</p>
<p>Chief executive Jane Doe said demand from logistics companies had tripled in the
past twelve months, and that the company expects to double its headcount.</p>
</article>
<aside><h2>Related</h2><a href="/other">Another story</a></aside>
<footer>Copyright News Example</footer>
</body></html>"""


def rss(base: str, links: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        "<pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate></item>"
        for path, title in links
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Example funding news</title><link>{base}/</link>"
        f"<description>Rounds</description>{items}</channel></rss>"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

CP1252_SENTENCE = (
    "Société Générale Ventures raised €20 million in a Series A round led by Café Capital."
)
SJIS_TITLE = "東京ロボティクスが資金調達"
SJIS_SENTENCE = "Tokyo Robotics raised $30 million in a Series B round led by Sakura Ventures."
HUGE_BYTES = 50 * 1024 * 1024


@functools.cache
def gzip_bomb() -> bytes:
    """About 50 KB of gzip that inflates to 50 MB, compressed piecewise to stay small here."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"0" * (1024 * 1024)
    parts = [compressor.compress(b"<p>")]
    parts += [compressor.compress(zeros) for _ in range(HUGE_BYTES // len(zeros))]
    parts.append(compressor.flush())
    return b"".join(parts)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, content_type: str, total: int, *, declare_length: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if declare_length:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        # The client hangs up once past its cap; that is the expected end.
        with suppress(BrokenPipeError, ConnectionResetError):
            while sent < total:
                self.wfile.write(chunk)
                sent += len(chunk)
        self.close_connection = True

    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        path = self.path.split("?", 1)[0]
        html = "text/html; charset=utf-8"
        if path == "/article.html":
            page = article_html(
                SENTENCE, title="Acme Robotics raises $20m", canonical=f"{base}/article.html"
            )
            self._send(200, page.encode(), html)
        elif path == "/article-copy.html":
            # The same story under another URL; its canonical link names the original.
            page = article_html(
                SENTENCE, title="Acme Robotics raises $20m", canonical=f"{base}/article.html"
            )
            self._send(200, page.encode(), html)
        elif path == "/second.html":
            page = article_html(SECOND_SENTENCE, title="Globex raises $45m")
            self._send(200, page.encode(), html)
        elif path == "/moved":
            self._send(301, b"", html, Location="/article.html")
        elif path == "/to-localhost":
            port = self.server.server_address[1]
            self._send(302, b"", html, Location=f"http://localhost:{port}/article.html")
        elif path == "/feed.xml":
            feed = rss(base, [("/article.html", "Acme raises"), ("/second.html", "Globex raises")])
            self._send(200, feed.encode(), "application/rss+xml")
        elif path == "/atom.xml":
            atom = (
                '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Atom news</title><id>{base}/atom</id>"
                "<updated>2026-11-20T08:00:00Z</updated>"
                "<entry><title>Globex</title><id>tag:example,2026:1</id>"
                f'<link href="{base}/second.html"/>'
                "<updated>2026-11-20T08:00:00Z</updated></entry></feed>"
            )
            self._send(200, atom.encode(), "application/atom+xml")
        elif path == "/malformed.xml":
            self._send(
                200,
                b"<rss><channel><title>Broken</title><item><title>x</ite",
                "application/rss+xml",
            )
        elif path == "/bomb.xml":
            self._send(200, BILLION_LAUGHS, "application/rss+xml")
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.7\n" + bytes(range(256)) * 64, "application/pdf")
        elif path == "/disguised.html":
            # Binary bytes that claim to be HTML.
            self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(4096), html)
        elif path == "/huge.html":
            self._stream(html, HUGE_BYTES, declare_length=True)
        elif path == "/huge-chunked.html":
            self._stream(html, HUGE_BYTES, declare_length=False)
        elif path == "/bomb.html":
            self._send(200, gzip_bomb(), html, Content_Encoding="gzip")
        elif path == "/gzipped.html":
            page = article_html(SECOND_SENTENCE, title="Globex raises $45m")
            self._send(200, gzip.compress(page.encode()), html, Content_Encoding="gzip")
        elif path == "/cp1252.html":
            page = article_html(
                CP1252_SENTENCE,
                title="Société Générale Ventures lève 20 M€",
                charset="windows-1252",
            )
            self._send(200, page.encode("cp1252"), "text/html; charset=windows-1252")
        elif path == "/sjis.html":
            page = article_html(
                f"{SJIS_TITLE}。{SJIS_SENTENCE}", title=SJIS_TITLE, charset="shift_jis"
            )
            # Declared only inside the page, as many legacy sites do.
            self._send(200, page.encode("shift_jis"), "text/html")
        elif path == "/empty.html":
            self._send(200, b"", html)
        elif path == "/blank.html":
            self._send(200, b"<html><body><nav>Home</nav></body></html>", html)
        elif path in ("/loop-a", "/loop-b"):
            self._send(302, b"", html, Location="/loop-b" if path == "/loop-a" else "/loop-a")
        elif path == "/slow.html":
            time.sleep(3)
            with suppress(BrokenPipeError, ConnectionResetError):
                self._send(200, b"<p>late</p>", html)
        elif path == "/unavailable.html":
            self._send(503, b"try later", html)
        else:
            self._send(404, b"not found", html)


@contextmanager
def news_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
