from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from fundtracker.celery import app as celery_app


@pytest.fixture
def real_broker():
    """The health view asks the real Redis broker, not the eager in-process mode."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.mark.django_db
def test_health_reports_database_and_broker_without_login(client: Client, settings, real_broker):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/health/?workers=0")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert "workers" not in body


@pytest.mark.django_db
def test_health_is_degraded_when_no_worker_answers(client: Client, settings, real_broker):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["workers"]["ok"] is False


@pytest.mark.django_db
def test_health_is_degraded_when_broker_is_unreachable(client: Client, settings, real_broker):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a port nothing listens on
    response = client.get("/health/?workers=0")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_outage_gives_a_plain_503_page(client: Client, analyst):
    client.force_login(analyst)
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: a real refused connection
    try:
        response = client.get("/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content
    assert b"Traceback" not in response.content
    # And the site recovers by itself once the database is back.
    assert client.get("/").status_code == 200
