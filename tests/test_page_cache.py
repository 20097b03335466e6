"""The page cache ({% cache %} keyed by deals/page_cache.py) on the real Redis: fragments
are reused until a fact changes (saved, deleted or written in bulk), are per user where
they carry watch buttons, hold no CSRF token, never reach an editor, and a cache that
cannot be reached costs a render, not a page."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from deals import page_cache
from deals.models import Round

from .factories import (
    ArticleFactory,
    CitationFactory,
    CompanyFactory,
    MilestoneFactory,
    RoundFactory,
    UserFactory,
)
from .views.test_edit import round_post


@pytest.fixture(autouse=True)
def _fresh_facts_version(db):
    # Tests roll their rows back, Redis keeps its keys: start each on a new version.
    page_cache.facts_changed()


def _queries(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_cache_is_the_real_redis_in_the_suite():
    assert settings.PAGE_CACHE_URL.startswith("redis://")
    assert caches[settings.PAGE_CACHE_ALIAS].__class__.__name__ == "TolerantRedisCache"


def test_a_second_view_of_a_company_page_reuses_the_fragment(analyst_client):
    round_ = RoundFactory(amount=Decimal("12000000"), amount_usd=Decimal("12000000"))
    url = round_.company.get_absolute_url()
    first, first_queries = _queries(analyst_client, url)
    second, second_queries = _queries(analyst_client, url)
    assert "$12 million" in first
    # Equal but for what is per response: the CSP nonce and the masked CSRF token.
    per_response = re.compile(r"[A-Za-z0-9+/=_-]{20,}")
    assert per_response.sub("", second) == per_response.sub("", first)
    assert second_queries < first_queries


@pytest.mark.parametrize("write", ["save", "delete"])
def test_a_fact_written_by_anyone_shows_on_the_next_view(analyst_client, write):
    round_ = RoundFactory(amount=Decimal("12000000"), amount_usd=Decimal("12000000"))
    url = round_.company.get_absolute_url()
    assert "$12 million" in _queries(analyst_client, url)[0]
    if write == "save":
        round_.amount = round_.amount_usd = Decimal("30000000")
        round_.save()
        assert "$30 million" in _queries(analyst_client, url)[0]
    else:
        round_.delete()
        html = _queries(analyst_client, url)[0]
        assert "$12 million" not in html
        assert "No completed round yet" in html


def test_a_citing_articles_new_title_shows_on_the_next_view(analyst_client):
    round_ = RoundFactory()
    citation = CitationFactory(round=round_, article=ArticleFactory(title="First headline"))
    url = round_.company.get_absolute_url()
    assert "First headline" in _queries(analyst_client, url)[0]
    article = citation.article
    article.title = "Corrected headline"
    article.save()
    assert "Corrected headline" in _queries(analyst_client, url)[0]


def test_an_editors_change_through_the_form_reaches_the_rounds_list(analyst_client, editor_client):
    round_ = RoundFactory(amount=Decimal("12000000"), amount_usd=Decimal("12000000"))
    rounds_url = reverse("deals:round_list")
    assert "$12 million" in _queries(analyst_client, rounds_url)[0]
    form_url = reverse("deals:round_edit", kwargs={"pk": round_.pk})
    data = round_post(
        round_.company, [], status="completed", currency="USD", amount="45000000", amount_usd=""
    )
    assert editor_client.post(form_url, data).status_code == 302
    assert Round.objects.get(pk=round_.pk).amount == Decimal("45000000")
    assert "$45 million" in _queries(analyst_client, rounds_url)[0]


def test_the_version_is_replaced_again_after_commit(django_capture_on_commit_callbacks):
    """A page rendered from the old rows between the write and its COMMIT was stored
    under the version the write made; the second replacement makes it unreachable."""
    cache = caches[settings.PAGE_CACHE_ALIAS]
    round_ = RoundFactory()
    with django_capture_on_commit_callbacks(execute=True):
        round_.amount = Decimal("1")
        round_.save()
        during = cache.get(page_cache.FACTS_KEY)
    assert during is not None
    assert cache.get(page_cache.FACTS_KEY) != during


def _update_behind_the_caches_back(round_: Round, amount: str) -> None:
    # Raw SQL: no signal, no queryset, so no new facts version.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE deals_round SET amount = %s, amount_usd = NULL WHERE id = %s",
            [amount, round_.pk],
        )


def test_editors_never_read_a_cached_fragment(analyst_client, editor_client):
    round_ = RoundFactory(amount=Decimal("12000000"), amount_usd=Decimal("12000000"))
    url = round_.company.get_absolute_url()
    assert "$12 million" in _queries(analyst_client, url)[0]
    _update_behind_the_caches_back(round_, "77000000")
    assert "$12 million" in _queries(analyst_client, url)[0]
    editor_html = _queries(editor_client, url)[0]
    assert "$77 million" in editor_html
    # The facts an editor corrects are read afresh; the funding chart is an aggregate
    # kept for every reader under the facts version (page_cache.kept).
    raised = re.search(r'<section class="card" id="raised">.*?</section>', editor_html, re.S)
    assert raised and "$12 million" not in raised.group(0)


@pytest.mark.parametrize(
    "bulk_write",
    [
        lambda r: Round.objects.filter(pk=r.pk).update(amount=Decimal("77000000"), amount_usd=None),
        lambda r: r.company.rounds.filter(pk=r.pk).update(
            amount=Decimal("77000000"), amount_usd=None
        ),
        lambda r: Round.objects.bulk_update(
            [Round(pk=r.pk, amount=Decimal("77000000"), amount_usd=None)], ["amount", "amount_usd"]
        ),
    ],
    ids=["queryset-update", "related-manager-update", "bulk-update"],
)
def test_a_bulk_write_shows_on_the_next_view(analyst_client, bulk_write):
    round_ = RoundFactory(amount=Decimal("12000000"), amount_usd=Decimal("12000000"))
    url = round_.company.get_absolute_url()
    assert "$12 million" in _queries(analyst_client, url)[0]
    bulk_write(round_)
    html = _queries(analyst_client, url)[0]
    assert "$77 million" in html
    assert "$12 million" not in html


def test_a_bulk_create_shows_on_the_next_view(analyst_client):
    round_ = RoundFactory(amount=Decimal("12000000"), amount_usd=Decimal("12000000"))
    url = reverse("deals:round_list")
    assert "$12 million" in _queries(analyst_client, url)[0]
    Round.objects.bulk_create(
        [
            Round(
                company=round_.company,
                amount=Decimal("31000000"),
                currency="USD",
                amount_usd=Decimal("31000000"),
            )
        ]
    )
    assert "$31 million" in _queries(analyst_client, url)[0]


def _watch_button(html: str, milestone_pk: int) -> str:
    match = re.search(rf'<button id="watch-milestone-{milestone_pk}".*?</button>', html, re.S)
    assert match, html
    return match.group(0)


def test_what_to_watch_buttons_follow_each_users_own_watches():
    milestone = MilestoneFactory(date_start=timezone.localdate() + dt.timedelta(days=3))
    url = reverse("deals:what_to_watch")
    watcher, other = Client(), Client()
    watcher.force_login(UserFactory(role="analyst"))
    other.force_login(UserFactory(role="analyst"))
    for client in (watcher, other):
        assert "☆ Watch" in _watch_button(_queries(client, url)[0], milestone.pk)
    toggle = reverse("deals:watch_toggle", kwargs={"kind": "milestone", "pk": milestone.pk})
    assert watcher.post(toggle, {"next": url}).status_code == 302
    assert "★ Watching" in _watch_button(_queries(watcher, url)[0], milestone.pk)
    assert "☆ Watch" in _watch_button(_queries(other, url)[0], milestone.pk)


def test_cached_watch_buttons_post_with_the_requesters_own_csrf_token(analyst):
    milestone = MilestoneFactory(date_start=timezone.localdate() + dt.timedelta(days=3))
    url = reverse("deals:what_to_watch")
    first = Client(enforce_csrf_checks=True)
    first.force_login(analyst)
    first_html = first.get(url).content.decode()
    # A new session (a new CSRF secret) gets the stored fragment: no token is in it, the
    # buttons submit the page's own #watch-form, rendered afresh for each request.
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    html, queries = _queries(client, url)
    button = _watch_button(html, milestone.pk)
    assert button == _watch_button(first_html, milestone.pk)
    assert "csrfmiddlewaretoken" not in button
    assert 'form="watch-form"' in button
    form = re.search(r'<form id="watch-form".*?</form>', html, re.S)
    assert form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token and token.group(1) not in first_html
    toggle = reverse("deals:watch_toggle", kwargs={"kind": "milestone", "pk": milestone.pk})
    response = client.post(toggle, {"csrfmiddlewaretoken": token.group(1), "next": url})
    assert response.status_code == 302


def test_no_cached_fragment_holds_a_form_or_a_token():
    """Forms stay outside {% cache %}: a cached form would carry another session's token."""
    fragments = re.compile(r"{% cache .*?%}(.*?){% endcache %}", re.S)
    templates = Path(settings.BASE_DIR) / "templates"
    cached = [
        (path.name, body)
        for path in templates.rglob("*.html")
        for body in fragments.findall(path.read_text())
    ]
    assert len(cached) >= 5
    for name, body in cached:
        assert "<form" not in body, name
        assert "csrf_token" not in body, name


def test_pages_render_when_the_cache_cannot_be_reached(analyst_client):
    company = CompanyFactory(name="Reachable Robotics")
    RoundFactory(company=company, amount=Decimal("5000000"), amount_usd=Decimal("5000000"))
    unreachable = {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            **settings.CACHES[settings.PAGE_CACHE_ALIAS],
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    with override_settings(CACHES=unreachable):
        for url in [company.get_absolute_url(), reverse("deals:round_list")]:
            html, _ = _queries(analyst_client, url)
            assert "$5 million" in html


def test_an_aggregate_is_kept_for_every_reader_until_a_fact_changes():
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    assert page_cache.kept("test-aggregate", compute) == 1
    assert page_cache.kept("test-aggregate", compute) == 1  # kept: not computed again
    RoundFactory()  # any write to a fact
    assert page_cache.kept("test-aggregate", compute) == 2
    with override_settings(PAGE_CACHE_ENABLED=False):
        assert page_cache.kept("test-aggregate", compute) == 3
