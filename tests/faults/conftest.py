"""Helpers for the fault tests: real Celery worker subprocesses, a private Redis, a
TCP proxy in front of PostgreSQL and a news site that counts what it served.

Every subprocess starts in its own session (its own process group), so a fixture's
finalizer can SIGKILL the worker together with its prefork children, and a test can
do the same to simulate a crash. Outcomes are counted from outside the code under
test: rows in PostgreSQL, requests seen by the HTTP server, connections seen by the
proxy.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from django.db import connection

from fundtracker.celery import app as celery_app
from tests.ingest.newsserver import article_html, rss

ROOT = Path(__file__).resolve().parents[2]
FINAL = ("extracted", "failed", "reviewed")

# Three syllables from the digits of a number: a distinct, pronounceable name each.
_SYLLABLES = ("Ka", "Lo", "Mi", "Ra", "Te", "Vo", "Su", "Ne", "Pi", "Da")


def company_name(number: int) -> str:
    digits = f"{number:03d}"
    word = "".join(_SYLLABLES[int(d)] for d in digits)
    return word.capitalize()


def round_sentence(number: int) -> str:
    return (
        f"{company_name(number)} Robotics raised ${number % 80 + 5} million in a Series A "
        f"round led by {company_name(999 - number)} Ventures."
    )


def wait_for(condition: Callable[[], bool], *, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(*, host: str | None = None, port: int | None = None) -> str:
    """pytest-django's test database, optionally reached through another address."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = host or db["HOST"] or "127.0.0.1"
    port = port or db["PORT"] or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def kill_group(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL the main process and its pool children at once: a crash, no shutdown."""
        kill_group(self.process)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:] if self.log.exists() else ""


@pytest.fixture
def real_broker() -> Iterator[None]:
    """Tasks go through Redis (not eager); this test's Redis db starts and ends empty.

    Emptied, not purged: a SIGKILLed worker leaves unacknowledged messages behind,
    which a later worker would restore into another test.
    """
    celery_app.conf.task_always_eager = False  # the autouse fixture restores it
    client = redis.Redis.from_url(celery_app.conf.broker_url)
    client.flushdb()
    yield
    client.flushdb()


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start `celery worker` subprocesses against the test database; all killed at the end."""
    started: list[Worker] = []

    def start(
        *,
        broker_url: str | None = None,
        db_url: str | None = None,
        concurrency: int = 2,
        max_tasks_per_child: int | None = None,
        **env: str,
    ) -> Worker:
        log = tmp_path / f"worker-{len(started)}.log"
        command = [
            str(Path(sys.executable).parent / "celery"),
            "-A", "fundtracker", "worker",
            "-P", "prefork", "-c", str(concurrency),
            "-l", "info",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
            "-n", f"faults{len(started)}@%h",
        ]  # fmt: skip
        if max_tasks_per_child:
            command.append(f"--max-tasks-per-child={max_tasks_per_child}")
        full_env = {
            **os.environ,
            "DATABASE_URL": db_url or database_url(),
            "CELERY_BROKER_URL": broker_url or celery_app.conf.broker_url,
            "FETCH_ALLOW_PRIVATE": "true",
            "FETCH_TIMEOUT": "3",
            "CONN_MAX_AGE": "0",
            **env,
        }
        with log.open("wb") as out:
            # A file, not a pipe: a pipe nobody reads fills up and stalls the worker.
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=full_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(process, log)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


# --- a news site with many articles -------------------------------------------------


@dataclass
class NewsSite:
    base: str
    hits: Counter = field(default_factory=Counter)

    def url(self, number: int) -> str:
        return f"{self.base}/a/{number}.html"


def _handler(site: NewsSite, articles: int, delay: float) -> type:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            site.hits[path] += 1
            if path == "/feed.xml":
                links = [(f"/a/{n}.html", f"{company_name(n)} raises") for n in range(articles)]
                self._send(rss(site.base, links).encode(), "application/rss+xml")
            elif path == "/poison.html":
                self._send(poison_page().encode(), "text/html; charset=utf-8")
            elif path.startswith("/a/") and path.endswith(".html"):
                number = int(path[3:-5])
                if delay:
                    time.sleep(delay)
                page = article_html(round_sentence(number), title=f"{company_name(number)} raises")
                self._send(page.encode(), "text/html; charset=utf-8")
            else:
                self._send(b"not found", "text/plain", status=404)

    return Handler


def poison_page() -> str:
    """Under the fetch cap (1.7 MB), but slow to extract: twenty thousand round sentences."""
    text = " ".join(round_sentence(n % 1000) for n in range(20_000))
    return article_html(text, title="Everyone raises")


@contextmanager
def news_site(*, articles: int = 0, delay: float = 0.0) -> Iterator[NewsSite]:
    site = NewsSite(base="")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), _handler(site, articles=articles, delay=delay)
    )
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --- a private Redis ------------------------------------------------------------------


class RedisServer:
    """A redis-server of this test's own, without persistence: a restart forgets all."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        assert wait_for(answers, timeout=10, interval=0.05), "redis-server did not start"

    def kill(self) -> None:
        if self.process is not None:
            kill_group(self.process)
            self.process = None

    def queued(self) -> int:
        return redis.Redis.from_url(self.url).llen("celery")


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.kill()


def _reset_broker_pools() -> None:
    # Dropped, not closed: kombu keeps one pool per URL and would hand a closed one back.
    celery_app._pool = None
    with suppress(AttributeError, KeyError):
        celery_app.__dict__["amqp"]._producer_pool = None


@contextmanager
def app_broker(url: str) -> Iterator[None]:
    """Publish from this process to another broker (the code under test uses the app)."""
    old = celery_app.conf.broker_url
    old_env = os.environ.get("CELERY_BROKER_URL")
    _reset_broker_pools()
    # Celery reads the variable before its own setting, so both change.
    os.environ["CELERY_BROKER_URL"] = url
    celery_app.conf.broker_url = url
    try:
        yield
    finally:
        _reset_broker_pools()
        celery_app.conf.broker_url = old
        if old_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = old_env


# --- a TCP proxy that can play a database outage --------------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:port to the upstream address; `cut()` plays an outage.

    While cut, every open connection is closed and each new one is accepted and
    closed at once (counted in `refused`), which the client sees as the server going
    away; `restore()` forwards again on the same port.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.down = False
        self.refused = 0
        self.forwarded = 0
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                self.refused += 1
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            self.forwarded += 1
            with self._lock:
                self._open.update((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source)
            self._close(target)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        self.down = True
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            self._close(sock)

    def restore(self) -> None:
        self.down = False

    def stop(self) -> None:
        self._stopped = True
        self.cut()
        self.listener.close()


@pytest.fixture
def db_proxy() -> Iterator[TcpProxy]:
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    yield proxy
    proxy.stop()
