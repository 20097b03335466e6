"""Shared fixtures. The suite runs on the real PostgreSQL and Redis named by the
environment (the Makefile's `test` target points them at 127.0.0.1) and stops at
once, failing, when either cannot be reached: a skipped service would hide bugs.

`pytest --quickstart` is the second run of `make test`: the tests marked
`quickstart` (and only those) on SQLite with no broker, which is what `make demo`
serves, so every SQL path the quickstart takes is run there too. Those tests run
in the PostgreSQL run as well."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.conf import settings
from django.test import Client

from fundtracker.celery import app as celery_app

from .factories import UserFactory
from .permission_matrix.sample import build_sample


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--quickstart",
        action="store_true",
        help="Run the tests marked `quickstart` on SQLite without a broker, as `make demo` runs.",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unserialized = [item.nodeid for item in items if _flushes_without_restoring(item)]
    if unserialized:
        # A transactional test's flush re-creates content types and permissions with new
        # ids; a later serialized_rollback test then restores the old rows beside them
        # and fails with "duplicate content type", depending only on test order.
        raise pytest.UsageError(
            "transactional tests must restore the migrations' rows "
            "(django_db(transaction=True, serialized_rollback=True)): " + ", ".join(unserialized)
        )
    if not config.getoption("--quickstart"):
        return
    # Said out loud rather than skipped: the run's summary counts them as deselected.
    others = [item for item in items if item.get_closest_marker("quickstart") is None]
    if others:
        config.hook.pytest_deselected(items=others)
        items[:] = [item for item in items if item.get_closest_marker("quickstart")]


def _flushes_without_restoring(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction")) and not marker.kwargs.get("serialized_rollback")


def pytest_sessionstart(session: pytest.Session) -> None:
    # PBKDF2 at Django's production cost takes half a second per password on a slow
    # machine, and most tests make users: the suite hashes with a fast hasher (as
    # Django's testing docs advise). Subprocess servers keep the real one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if session.config.getoption("--quickstart"):
        _require_quickstart()
        return
    problems = []
    if not settings.IS_POSTGRES:
        problems.append(
            "DATABASE_URL does not name PostgreSQL (run the suite with `make test`; "
            "only the quickstart tests run on SQLite, with `pytest --quickstart`)"
        )
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL")
    if not broker:
        problems.append("CELERY_BROKER_URL is not set to the Redis server")
    else:
        try:
            redis.Redis.from_url(broker, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis at {broker} cannot be reached: {exc}")
    if settings.IS_POSTGRES:
        import psycopg

        db = settings.DATABASES["default"]
        try:
            psycopg.connect(
                host=db["HOST"] or None,
                port=db["PORT"] or None,
                user=db["USER"],
                password=db["PASSWORD"] or None,
                dbname="postgres",
                connect_timeout=3,
            ).close()
        except psycopg.Error as exc:
            problems.append(f"PostgreSQL at {db['HOST']}:{db['PORT']} cannot be reached: {exc}")
    if problems:
        pytest.exit("Required services are missing:\n- " + "\n- ".join(problems), returncode=3)


def _require_quickstart() -> None:
    """The quickstart run must be the quickstart: SQLite, tasks in-process, no broker."""
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        problems.append("DATABASE_URL must name SQLite (e.g. sqlite:///quickstart.sqlite3)")
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append("CELERY_BROKER_URL must be empty: the quickstart runs tasks in-process")
    if problems:
        pytest.exit("Not the quickstart's setup:\n- " + "\n- ".join(problems), returncode=3)


@pytest.fixture(autouse=True)
def _tasks_run_in_process() -> Iterator[None]:
    """Views enqueue tasks; unless a test starts a real worker, run them in-process."""
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old


@pytest.fixture
def analyst(db):
    return UserFactory(role="analyst")


@pytest.fixture
def editor(db):
    return UserFactory(role="editor")


@pytest.fixture
def analyst_client(analyst) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def sample(db) -> dict[str, Any]:
    """One of each object a URL can name (tests/permission_matrix/sample.py)."""
    return build_sample()
