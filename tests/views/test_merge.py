"""Merging duplicate companies and investors, deleting them, and old links after a merge."""

import pytest
from django.test import Client
from django.urls import reverse

from deals.models import Company, Investor, Round

from ..factories import (
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
    WatchFactory,
)
from ..security.conftest import csrf_token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    keep = CompanyFactory(name="DeepSeek", slug="deepseek")
    duplicate = CompanyFactory(name="DeepSeek", slug="deepseek-2")
    RoundFactory(company=keep)
    round_ = RoundFactory(company=duplicate)
    MilestoneFactory(company=duplicate)
    return keep, duplicate, round_


def test_merge_page_offers_the_likely_duplicates(editor_client, pair):
    keep, duplicate, _ = pair
    response = editor_client.get(reverse("deals:company_merge", args=[duplicate.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"?into={keep.slug}" in html
    assert f"?into={duplicate.slug}" not in html


def test_merge_page_searches_by_name(editor_client, pair):
    _, duplicate, _ = pair
    other = CompanyFactory(name="Moonshot AI", slug="moonshot")
    url = reverse("deals:company_merge", args=[duplicate.slug])
    response = editor_client.get(url + "?q=Moonshot")
    assert f"?into={other.slug}" in response.content.decode()


def test_merge_preview_lists_what_moves(editor_client, pair):
    keep, duplicate, _ = pair
    url = reverse("deals:company_merge", args=[duplicate.slug]) + f"?into={keep.slug}"
    response = editor_client.get(url)
    preview = response.context["moving"]
    assert (preview.round_count, preview.milestone_count) == (1, 1)
    assert 'id="merge-preview"' in response.content.decode()
    assert Company.objects.count() == 2  # a GET changes nothing


def test_merge_moves_everything_and_the_old_link_redirects(editor_client, pair):
    keep, duplicate, round_ = pair
    url = reverse("deals:company_merge", args=[duplicate.slug])

    response = editor_client.post(url, {"into": keep.slug})

    assert response.status_code == 302 and response["Location"] == keep.get_absolute_url()
    assert not Company.objects.filter(pk=duplicate.pk).exists()
    assert Round.objects.get(pk=round_.pk).company_id == keep.pk
    old = editor_client.get(reverse("deals:company_detail", args=["deepseek-2"]))
    assert old.status_code == 301 and old["Location"] == keep.get_absolute_url()
    latest = Round.history.filter(id=round_.pk).latest("history_date")
    assert latest.history_user is not None  # the editor who merged is on record


def test_an_unknown_page_is_still_404(editor_client):
    assert editor_client.get(reverse("deals:company_detail", args=["nope"])).status_code == 404


def test_merge_into_itself_or_nothing_is_refused_with_a_message(editor_client, pair):
    _, duplicate, _ = pair
    url = reverse("deals:company_merge", args=[duplicate.slug])
    for data in ({"into": duplicate.slug}, {"into": "not-there"}, {}):
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert Company.objects.count() == 2


def test_an_analyst_cannot_merge(analyst_client, pair):
    keep, duplicate, _ = pair
    url = reverse("deals:company_merge", args=[duplicate.slug])
    assert analyst_client.post(url, {"into": keep.slug}).status_code == 403
    assert Company.objects.count() == 2


def test_investor_merge_joins_duplicate_participations_and_redirects(editor_client):
    keep = InvestorFactory(name="Sequoia Capital", slug="sequoia-capital")
    duplicate = InvestorFactory(name="Sequoia", slug="sequoia")
    round_ = RoundFactory()
    ParticipationFactory(round=round_, investor=keep)
    ParticipationFactory(round=round_, investor=duplicate, lead=True)
    WatchFactory(investor=duplicate)

    response = editor_client.post(
        reverse("deals:investor_merge", args=[duplicate.slug]), {"into": keep.slug}
    )

    assert response.status_code == 302
    assert list(round_.participations.values_list("investor_id", "lead")) == [(keep.pk, True)]
    old = editor_client.get(reverse("deals:investor_detail", args=["sequoia"]))
    assert old.status_code == 301 and old["Location"] == keep.get_absolute_url()


def test_delete_is_refused_while_facts_hang_on_the_company(editor_client, pair):
    _, duplicate, round_ = pair
    url = reverse("deals:company_delete", args=[duplicate.slug])

    page = editor_client.get(url).content.decode()
    assert f'href="{round_.get_absolute_url()}"' in page
    assert 'type="submit"' not in page.split('id="delete-confirm"')[1]

    response = editor_client.post(url)
    assert response.status_code == 200
    assert "Merge it into another record" in response.content.decode()
    assert Company.objects.filter(pk=duplicate.pk).exists()


def test_a_bare_company_and_investor_are_deleted_after_confirmation(editor_client):
    company = CompanyFactory()
    WatchFactory(company=company)
    url = reverse("deals:company_delete", args=[company.slug])
    assert "1 watch" in editor_client.get(url).content.decode()

    response = editor_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("deals:company_list")
    assert not Company.objects.exists()

    investor = InvestorFactory()
    response = editor_client.post(reverse("deals:investor_delete", args=[investor.slug]))
    assert response.status_code == 302
    assert not Investor.objects.exists()


@pytest.mark.parametrize("action", ["merge", "delete"])
def test_merge_and_delete_need_the_csrf_token(editor, pair, action):
    keep, duplicate, _ = pair
    bare = CompanyFactory()
    target = duplicate if action == "merge" else bare
    url = reverse(f"deals:company_{action}", args=[target.slug])
    data = {"into": keep.slug} if action == "merge" else {}
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    token = csrf_token_of(client.get(url))

    assert client.post(url, data).status_code == 403
    assert Company.objects.filter(pk=target.pk).exists()
    assert client.post(url, data, HTTP_X_CSRFTOKEN=token).status_code == 302
    assert not Company.objects.filter(pk=target.pk).exists()
