"""The read-only API: Bearer keys (hashed, per user, revocable), the rounds list's
filters with a 400 for an unknown one, cursor pages, throttling, constant queries,
and the OpenAPI schema and docs page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from deals import page_cache
from deals.models import ApiToken
from deals.services.api_tokens import MAX_LIVE_TOKENS, api_token_create, api_token_revoke
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ROUNDS = reverse("api:round_list")


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    caches["default"].clear()  # DRF's throttles count requests in the default cache
    page_cache.facts_changed()  # Redis keeps kept pages across rolled-back tests


@pytest.fixture
def key(analyst) -> str:
    return api_token_create(user=analyst, name="script")[1]


def _get(client: Client, url: str, key: str | None = None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(url, params, **headers)


def test_no_key_no_data(client):
    RoundFactory()
    response = _get(client, ROUNDS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_key_reads_rounds_with_participations_and_sources(client, key):
    round_ = RoundFactory(stage="series_b")
    ParticipationFactory(round=round_, investor=InvestorFactory(slug="lead-fund"), lead=True)
    ParticipationFactory(
        round=round_, investor=InvestorFactory(slug="catl"), commitment="considering"
    )
    CitationFactory(round=round_, article=ArticleFactory(url="https://wire.example/x"))
    response = _get(client, ROUNDS, key)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["company"]["slug"] == round_.company.slug
    assert row["amount"] == "10000000.00" and row["stage"] == "series_b"
    people = {p["investor"]: p for p in row["participations"]}
    assert people["lead-fund"]["lead"] and people["lead-fund"]["confirmed"]
    assert people["catl"]["commitment"] == "considering" and not people["catl"]["confirmed"]
    assert row["sources"][0]["url"] == "https://wire.example/x"


def test_the_rounds_lists_filters_apply(client, key):
    wanted = RoundFactory(stage="series_b", amount_usd=Decimal("80000000"))
    RoundFactory(stage="seed")
    for params in (
        {"stage": "series_b"},
        {"company": wanted.company.slug},
        {"amount_min": "50"},
    ):
        ids = [r["id"] for r in _get(client, ROUNDS, key, **params).json()["results"]]
        assert ids == [wanted.pk], params


def test_an_unknown_filter_or_a_bad_value_is_a_400_not_every_round(client, key):
    RoundFactory()
    typo = _get(client, ROUNDS, key, stgae="seed")
    assert typo.status_code == 400
    assert "stgae" in typo.json()
    assert _get(client, ROUNDS, key, stage="series_zz").status_code == 400
    assert _get(client, reverse("api:milestone_list"), key, colour="red").status_code == 400


def test_cursor_pages_neither_repeat_nor_skip(client, key):
    made = [RoundFactory().pk for _ in range(5)]
    seen, url, params = [], ROUNDS, {"page_size": 2}
    while url:
        body = _get(client, url, key, **params).json()
        seen += [r["id"] for r in body["results"]]
        url, params = body["next"], {}
    assert seen == sorted(made, reverse=True)
    assert _get(client, ROUNDS, key, cursor="not-a-cursor").status_code == 404


@override_settings(PAGE_CACHE_ENABLED=False)  # the work of a page, not a kept copy
def test_queries_per_page_do_not_grow_with_rows(client, key):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _get(client, ROUNDS, key).status_code == 200
        return len(captured)

    for _ in range(2):
        CitationFactory(round=ParticipationFactory().round)
    queries()  # the key's first use stamps last_used_at: one write, not per page
    few = queries()
    for _ in range(8):
        CitationFactory(round=ParticipationFactory().round)
    assert queries() == few


def test_each_kind_has_a_list_and_a_detail(client, key):
    round_ = RoundFactory()
    investor = InvestorFactory()
    milestone = MilestoneFactory(company=round_.company)
    for url in (
        reverse("api:company_detail", kwargs={"slug": round_.company.slug}),
        reverse("api:investor_detail", kwargs={"slug": investor.slug}),
        reverse("api:round_detail", kwargs={"pk": round_.pk}),
        reverse("api:milestone_detail", kwargs={"pk": milestone.pk}),
    ):
        assert _get(client, url, key).status_code == 200, url
    companies = _get(client, reverse("api:company_list"), key, q=round_.company.name[:5]).json()
    assert round_.company.slug in [c["slug"] for c in companies["results"]]
    mine = _get(client, reverse("api:milestone_list"), key, company=round_.company.slug).json()
    assert [m["id"] for m in mine["results"]] == [milestone.pk]


def test_only_a_hash_of_the_key_is_stored(analyst):
    token, key = api_token_create(user=analyst, name="script")
    assert key.startswith("ft_") and len(key) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in [str(v) for v in stored.values()]
    assert token.prefix == key[:10]


def test_a_revoked_key_is_refused(client, analyst, key):
    assert _get(client, ROUNDS, key).status_code == 200
    assert api_token_revoke(user=analyst, pk=ApiToken.objects.get().pk)
    assert _get(client, ROUNDS, key).status_code == 401


def test_no_one_revokes_another_users_key(client, key):
    intruder = Client()
    intruder.force_login(UserFactory(role="editor"))
    token = ApiToken.objects.get()
    data = {"action": "api_token_revoke", "token": str(token.pk)}
    response = intruder.post(reverse("deals:preferences"), data, follow=True)
    assert "No such key of yours" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _get(client, ROUNDS, key).status_code == 200


def test_a_user_keeps_at_most_so_many_live_keys(analyst):
    for n in range(MAX_LIVE_TOKENS):
        api_token_create(user=analyst, name=f"k{n}")
    with pytest.raises(Exception, match="revoke one"):
        api_token_create(user=analyst, name="one too many")


@override_settings(API_THROTTLE_USER="3/minute")
def test_too_many_requests_are_throttled(client, key):
    statuses = [_get(client, ROUNDS, key).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_api_is_read_only(client, key, analyst):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(ROUNDS, **headers).status_code == 405, method
    # A signed-in browser is CSRF-checked on writes, by DRF's SessionAuthentication.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(analyst)
    refused = browser.post(ROUNDS)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert browser.get(ROUNDS).status_code == 200


def test_the_schema_describes_every_endpoint_and_the_docs_page_loads(client):
    schema = client.get(reverse("api:schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for name in ("companies", "investors", "rounds", "milestones"):
        assert f"/api/v1/{name}/" in paths
    assert "bearerKey" in schema.json()["components"]["securitySchemes"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_preferences_make_a_key_shown_once_and_revoke_it(analyst_client):
    url = reverse("deals:preferences")
    page = analyst_client.post(url, {"action": "api_token_create", "name": "nightly"}, follow=True)
    html = page.content.decode()
    token = ApiToken.objects.get()
    assert "nightly" in html and 'id="new-api-key"' in html
    again = analyst_client.get(url).content.decode()
    assert 'id="new-api-key"' not in again and token.prefix in again
    data = {"action": "api_token_revoke", "token": str(token.pk)}
    analyst_client.post(url, data)
    token.refresh_from_db()
    assert token.revoked_at is not None
    blank = analyst_client.post(url, {"action": "api_token_create", "name": "  "}, follow=True)
    assert "Give the key a name" in blank.content.decode()


def test_a_kept_page_follows_every_write(client, key):
    round_ = RoundFactory(amount=Decimal("10000000"))
    assert _get(client, ROUNDS, key).json()["results"][0]["amount"] == "10000000.00"
    round_.amount = Decimal("12000000")
    round_.save()
    assert _get(client, ROUNDS, key).json()["results"][0]["amount"] == "12000000.00"
    RoundFactory()
    assert len(_get(client, ROUNDS, key).json()["results"]) == 2
