"""Liveness of what the site depends on: the database, the broker and the workers."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from kombu import Connection

from fundtracker.celery import app as celery_app


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check("database", True, connection.vendor)
    except Exception as exc:  # any driver error means "down" to a monitor
        return Check("database", False, type(exc).__name__)


def check_broker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("broker", True, "tasks run in-process")
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return Check("broker", True, "reachable")
    except Exception as exc:
        return Check("broker", False, type(exc).__name__)


def check_workers() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("workers", True, "tasks run in-process")
    try:
        replies = celery_app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return Check("workers", False, type(exc).__name__)
    return Check("workers", bool(replies), f"{len(replies)} responding")
