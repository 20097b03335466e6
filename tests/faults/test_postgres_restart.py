"""A PostgreSQL outage under traffic, played by cutting a TCP proxy in front of it.

Restarting the shared cluster would break every other test running at the time, so
the outage happens on the network path instead: the web server (a gunicorn
subprocess) and a worker reach the test database only through the proxy. While it
is cut, pages are a plain 503 and tasks retry with backoff; once it is restored,
both recover by themselves, with no restart.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from deals.models import Article, Proposal
from deals.services.ingest import article_submit
from tests.factories import UserFactory

from .conftest import ROOT, database_url, free_port, kill_group, news_site, wait_for

OUTAGE_SECONDS = 3


def _get(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


@pytest.fixture
def web_server(db_proxy, tmp_path: Path) -> Iterator[str]:
    """gunicorn, one sync worker (so its connection persists between requests), via the proxy."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(port=db_proxy.port),
        "CONN_MAX_AGE": "60",
        # DEBUG's technical 500 page would show a traceback: the check below sees it.
        "DEBUG": "true",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "fundtracker.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            urllib.request.urlopen(f"{base}/health/?workers=0", timeout=2)
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    try:
        assert wait_for(answers, timeout=30), log.read_text(errors="replace")[-3000:]
        yield base
        assert process.poll() is None, "the server had to restart"
    finally:
        kill_group(process)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_are_a_plain_503_during_the_outage_and_recover_by_themselves(db_proxy, web_server):
    client = Client()
    client.force_login(UserFactory(role="analyst"))
    cookie = client.cookies["sessionid"].value
    get: Callable[[], tuple[int, str]] = lambda: _get(f"{web_server}/", cookie)  # noqa: E731

    status, body = get()
    assert status == 200, body[:2000]

    db_proxy.cut()
    outage = []
    ends = time.monotonic() + OUTAGE_SECONDS
    while time.monotonic() < ends:
        outage.append(get())
        time.sleep(0.2)
    db_proxy.restore()

    assert len(outage) >= 5
    for status, body in outage:
        assert status == 503, body[:2000]
        assert "Temporarily unavailable" in body
        assert "Traceback" not in body and "OperationalError" not in body
    assert db_proxy.refused >= len(outage)  # each request really tried the database
    # Back without a restart: the same server process answers 200 again.
    assert wait_for(lambda: get()[0] == 200, timeout=20, interval=0.5)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_retries_with_backoff_through_a_database_outage(db_proxy, real_broker, start_worker):
    with news_site() as site:
        worker = start_worker(db_url=database_url(port=db_proxy.port), INGEST_DB_RETRY_SECONDS="1")
        db_proxy.cut()
        # This process reaches PostgreSQL directly; only the worker's path is cut.
        article, _ = article_submit(user=UserFactory(), url=site.url(1))
        # Retries with backoff: 1 s, then 2 s (each plus jitter) - three tries at least.
        assert wait_for(lambda: worker.output().count("Retry in") >= 2, timeout=30), worker.output()
        assert Article.objects.get(pk=article.pk).status == "pending"
        assert site.hits["/a/1.html"] == 0
        db_proxy.restore()

        assert wait_for(
            lambda: Article.objects.get(pk=article.pk).status == "extracted", timeout=40
        ), worker.output()
        article.refresh_from_db()
        assert article.attempts == 1  # the failed tries never reached the article
        assert Proposal.objects.filter(article=article, kind="round").count() == 1
        assert site.hits["/a/1.html"] == 1
