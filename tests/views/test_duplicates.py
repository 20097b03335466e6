"""New company / investor: likely duplicates are shown before anything is created."""

import pytest
from django.urls import reverse

from deals.models import Company, Investor

from ..factories import CompanyFactory, InvestorFactory, RoundFactory

pytestmark = pytest.mark.django_db

NEW_COMPANY = reverse("deals:company_create")


@pytest.fixture
def deepseek():
    company = CompanyFactory(name="DeepSeek", slug="deepseek", aliases=["Hangzhou DeepSeek"])
    RoundFactory(company=company)
    return company


def _post_company(client, name, **extra):
    data = {"name": name, "aliases": "", "country": "CN", "sector": "AI", "website": ""}
    return client.post(NEW_COMPANY, data | extra)


@pytest.mark.parametrize("typed", ["DeepSeek", "deepseek", "Deepseak", "Hangzhou DeepSeek"])
def test_a_name_alias_or_near_spelling_on_file_is_shown_and_nothing_is_created(
    editor_client, deepseek, typed
):
    response = _post_company(editor_client, typed)

    assert response.status_code == 200
    assert list(Company.objects.values_list("slug", flat=True)) == ["deepseek"]
    html = response.content.decode()
    assert 'id="duplicates"' in html
    assert f'href="{deepseek.get_absolute_url()}"' in html
    assert "1 round" in html
    # What was typed is kept, and "Create anyway" carries the name it was shown for.
    assert response.context["form"]["sector"].value() == "AI"
    assert f'name="create_anyway" value="{typed}"' in html


def test_the_sqlite_fallback_finds_a_near_spelling_too(editor_client, deepseek, monkeypatch):
    monkeypatch.setattr("deals.selectors.search._uses_trigram", lambda: False)
    response = _post_company(editor_client, "Deepseak")
    assert 'id="duplicates"' in response.content.decode()
    assert Company.objects.count() == 1


def test_an_alias_typed_on_the_new_company_is_checked_too(editor_client, deepseek):
    response = _post_company(editor_client, "DS Labs", aliases="DeepSeek")
    assert 'id="duplicates"' in response.content.decode()
    assert Company.objects.count() == 1


def test_create_anyway_creates_the_second_company(editor_client, deepseek):
    response = _post_company(editor_client, "DeepSeek", create_anyway="DeepSeek")
    assert response.status_code == 302
    assert set(Company.objects.values_list("slug", flat=True)) == {"deepseek", "deepseek-2"}


def test_a_name_changed_after_the_warning_is_checked_again(editor_client, deepseek):
    response = _post_company(editor_client, "Hangzhou DeepSeek", create_anyway="Deep Sea Robotics")
    assert response.status_code == 200
    assert 'id="duplicates"' in response.content.decode()
    assert Company.objects.count() == 1


def test_a_new_name_is_created_at_once(editor_client, deepseek):
    response = _post_company(editor_client, "Mistral AI")
    assert response.status_code == 302
    assert Company.objects.filter(name="Mistral AI").exists()


def test_a_new_investor_with_a_name_on_file_is_warned_about(editor_client):
    sequoia = InvestorFactory(name="Sequoia Capital", slug="sequoia-capital")
    data = {"name": "Sequoia Capitol", "kind": "venture", "aliases": "", "website": ""}

    response = editor_client.post(reverse("deals:investor_create"), data)
    assert response.status_code == 200
    assert f'href="{sequoia.get_absolute_url()}"' in response.content.decode()
    assert Investor.objects.count() == 1

    response = editor_client.post(
        reverse("deals:investor_create"), data | {"create_anyway": "Sequoia Capitol"}
    )
    assert response.status_code == 302
    assert Investor.objects.count() == 2
