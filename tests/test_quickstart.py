"""The quickstart path, as a new user takes it: `make test` runs this module on
PostgreSQL and again on SQLite without a broker (pytest --quickstart), which is
what `make demo` serves. The demo is loaded, every page an analyst and an
editor can open is rendered, an article is pasted and accepted, a watched
milestone is rescheduled and then passes its date, and `send_due_alerts` runs
twice; the emails are counted where they arrive, at an SMTP server."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deals import alerts
from deals.demo.loader import DEMO_LOGINS
from deals.models import (
    AlertDelivery,
    Article,
    Citation,
    Company,
    Feed,
    Milestone,
    Participation,
    Proposal,
    Round,
)
from deals.models.choices import MilestoneStatus

from .permission_matrix import MATRIX
from .smtp_sink import Sink, smtp_sink_fixture  # noqa: F401 - the smtp_sink fixture

pytestmark = pytest.mark.quickstart

ARTICLE = Path(__file__).parent / "data" / "quickstart-article.txt"
# The company the pasted article reports a new round for: one without milestones in
# the demo, so the only alerts about it are the new round's.
ARTICLE_COMPANY = "Wiz"
# Pages worth opening with a query as well: search and the filters run other SQL.
QUERIES = {"search": "?q=deepseek", "company_list": "?q=deep", "what_to_watch": "?days=90"}


def _login(role: str) -> Client:
    """Sign in through the login form with the demo password the README prints."""
    login = next(login for login in DEMO_LOGINS if login.username == role)
    client = Client()
    response = client.post(
        reverse("login"), {"username": login.username, "password": login.password}
    )
    assert response.status_code == 302, response.content[:500]
    return client


def _demo_sample() -> dict[str, Any]:
    """The permission matrix's sample objects, taken from the demo data."""
    deepseek = Company.objects.get(name="DeepSeek")
    participation = Participation.objects.select_related("round", "investor").first()
    assert participation is not None
    return {
        "company": deepseek,
        "investor": participation.investor,
        "round": Round.objects.filter(company=deepseek).first(),
        "participation": participation,
        "milestone": Milestone.objects.filter(company=deepseek).first(),
        "article": Article.objects.filter(proposals__status=Proposal.Status.PENDING).first(),
        "proposal": Proposal.objects.filter(status=Proposal.Status.PENDING).first(),
        "feed": Feed.objects.first(),
        "source_domain": Citation.objects.filter(milestone__isnull=False)
        .exclude(article__domain="")
        .values_list("article__domain", flat=True)
        .first(),
    }


def _check_every_page(client: Client, role: str, sample: dict[str, Any]) -> int:
    """GET every URL the matrix says this role reads (200): the URL conf decides the list."""
    opened = 0
    for name, entry in sorted(MATRIX.items()):
        if getattr(entry, role)[0] != 200:
            continue
        url = reverse(f"deals:{name}", kwargs=entry.kwargs(sample))
        for suffix in ("", QUERIES[name]) if name in QUERIES else ("",):
            response = client.get(url + suffix)
            assert response.status_code == 200, (role, url + suffix, response.status_code)
            # getvalue(): a CSV download streams, a page does not; both are read whole.
            assert b"Traceback" not in response.getvalue(), (role, url + suffix)
            opened += 1
    return opened


def _paste_and_accept(editor: Client) -> Round:
    response = editor.post(reverse("deals:article_new"), {"text": ARTICLE.read_text()})
    assert response.status_code == 302, response.content[:2000]
    article = Article.objects.order_by("-id").first()
    assert article is not None
    proposal = article.proposals.get(kind=Proposal.Kind.ROUND)
    response = editor.post(reverse("deals:proposal_accept", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED, proposal.status
    return Round.objects.get(pk=proposal.matched_round_id, company__name=ARTICLE_COMPANY)


def _send_due_alerts() -> str:
    out = io.StringIO()
    call_command("send_due_alerts", stdout=out)
    return out.getvalue()


# Commits, so on_commit work runs as it does live; the data migrations' rows (roles,
# beat schedule) are put back for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_quickstart_path_demo_pages_paste_accept_and_alerts(smtp_sink: Sink) -> None:
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    analyst, editor = _login("analyst"), _login("editor")
    sample = _demo_sample()
    assert _check_every_page(analyst, "analyst", sample) >= 15
    assert _check_every_page(editor, "editor", sample) >= 25

    today = timezone.localdate()
    wiz = Company.objects.get(name=ARTICLE_COMPANY)
    assert not wiz.milestones.exists()
    milestone = (
        Milestone.objects.filter(status=MilestoneStatus.UPCOMING, date_end__gte=today)
        .exclude(company=wiz)
        .order_by("date_end", "id")
        .first()
    )
    assert milestone is not None
    for kind, pk in (("company", wiz.pk), ("milestone", milestone.pk)):
        response = analyst.post(reverse("deals:watch_toggle", kwargs={"kind": kind, "pk": pk}))
        assert response.status_code == 302

    # A new round for a watched company: one email, at once.
    _paste_and_accept(editor)
    assert len(smtp_sink.messages) == 1
    assert AlertDelivery.objects.get(kind=AlertDelivery.Kind.NEW_ROUND).sent_at is not None

    # A rescheduled watched milestone: one email, at once.
    new_date = milestone.date_end + dt.timedelta(days=3)
    response = editor.post(
        reverse("deals:milestone_outcome", kwargs={"pk": milestone.pk}),
        {"status": "rescheduled", "new_start": new_date.isoformat(), "precision": "day"},
    )
    assert response.status_code == 302
    assert len(smtp_sink.messages) == 2

    # The milestone's new date passes: the sweep sends one email, and a second run
    # after the sender's lease has run out sends nothing more.
    due = alerts.due_moment(date_end=new_date) + dt.timedelta(minutes=5)
    with time_machine.travel(due, tick=False):
        assert "claimed 1, sent 1" in _send_due_alerts()
    with time_machine.travel(due + alerts.lease() + dt.timedelta(minutes=1), tick=False):
        assert "claimed 0, sent 0" in _send_due_alerts()
    assert len(smtp_sink.messages) == 3
    assert len(set(smtp_sink.message_ids())) == 3
    assert all(m["To"] == "analyst@fundtracker.local" for m in smtp_sink.messages)
    deliveries = AlertDelivery.objects.filter(user__username="analyst")
    assert sorted(deliveries.values_list("kind", flat=True)) == [
        "milestone_due",
        "new_round",
        "rescheduled",
    ]
    assert not deliveries.filter(sent_at=None).exists()

    # "My alerts" lists what was sent.
    feed = analyst.get(reverse("deals:alerts_feed"))
    assert feed.status_code == 200
    assert feed.content.count(b"<entry>") == 3


@pytest.mark.django_db
def test_health_answers_ok(client) -> None:
    response = client.get(reverse("health") + "?workers=0")  # no worker in tests
    assert response.status_code == 200, response.content
    assert response.json()["database"] == {"ok": True, "detail": connection.vendor}


@pytest.mark.skipif(
    settings.IS_POSTGRES,
    reason="the refusal is SQLite's branch; on PostgreSQL generate_data runs in "
    "test_generate_data.py and bench_alert_sweep is a benchmark run by hand",
)
@pytest.mark.django_db
@pytest.mark.parametrize("command", ["generate_data", "bench_alert_sweep"])
def test_postgresql_only_commands_refuse_sqlite_with_a_clear_error(command: str) -> None:
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command(command, stdout=io.StringIO())


@pytest.mark.django_db
def test_unknown_address_gets_the_sites_404_page_under_debug(settings, analyst_client) -> None:
    settings.DEBUG = True
    for path in ("/no-such-page/", "/companies/no-such-company/"):
        response = analyst_client.get(path)
        assert response.status_code == 404
        assert b"There is nothing at this address." in response.content, path
        assert b"DEBUG = True" not in response.content


@pytest.mark.django_db
def test_a_missing_slash_still_redirects_under_debug(settings, analyst_client) -> None:
    settings.DEBUG = True
    response = analyst_client.get(reverse("deals:company_list").rstrip("/"))
    assert response.status_code == 301


def test_manage_py_logs_each_line_once_without_the_axes_banner() -> None:
    """`make demo` showed "AXES: BEGIN version ..." on every command, a line per
    login, and each of Django's log lines twice (its own console handler and the
    root's)."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.utils.autoreload').info('Watching for file changes'); "
        "logging.getLogger('axes.handlers.database').info('AXES: Deleted 0 failed attempts')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fundtracker.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    output = result.stdout + result.stderr
    assert output.count("Watching for file changes") == 1, output
    assert "AXES" not in output, output
