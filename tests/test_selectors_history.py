"""History shows every kind of value a model holds, JSON lists and objects among them."""

import pytest
from django.urls import reverse

from deals.models import Company
from deals.selectors.history import _display, history_changes
from deals.services.companies import company_update

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_alias_change_is_shown_as_the_names() -> None:
    company = CompanyFactory(aliases=[])
    company_update(company=company, aliases=["Hangzhou DeepSeek", "深度求索"])
    company_update(company=company, aliases=["Hangzhou DeepSeek"])
    latest, added, _created = history_changes(obj=company)
    (change,) = latest.changes
    assert (change.old, change.new) == ("Hangzhou DeepSeek, 深度求索", "Hangzhou DeepSeek")
    assert (added.changes[0].old, added.changes[0].new) == ("—", "Hangzhou DeepSeek, 深度求索")


def test_company_page_answers_after_an_alias_is_added(analyst_client) -> None:
    company = CompanyFactory(aliases=[])
    company_update(company=company, aliases=["Alias <b>One</b>"])
    response = analyst_client.get(reverse("deals:company_detail", args=[company.slug]))
    assert response.status_code == 200
    assert "Alias &lt;b&gt;One&lt;/b&gt;" in response.content.decode()


def test_json_object_values_are_shown_as_json() -> None:
    assert _display(Company, "aliases", {"b": 1, "a": ["x"]}) == '{"a": ["x"], "b": 1}'
