import pytest
from django.core.exceptions import ValidationError

from deals.models import Company, Investor
from deals.services.companies import (
    company_create,
    company_get_or_create,
    company_update,
    investor_create,
    investor_get_or_create,
    investor_update,
    unique_slug,
)

from .factories import CompanyFactory, InvestorFactory

pytestmark = pytest.mark.django_db


def test_unique_slug_adds_a_number_when_taken() -> None:
    CompanyFactory(slug="acme")
    CompanyFactory(slug="acme-2")
    assert unique_slug(Company, "Acme") == "acme-3"


def test_unique_slug_avoids_words_used_in_paths() -> None:
    assert unique_slug(Company, "New") == "new-2"


def test_company_create_makes_a_slug_and_records_history() -> None:
    company = company_create(name="  DeepSeek ", aliases=["DeepSeek AI"], country="CN")
    company.refresh_from_db()
    assert (company.name, company.slug, company.aliases) == (
        "DeepSeek",
        "deepseek",
        ["DeepSeek AI"],
    )
    assert company.history.get().history_change_reason == "Created"


def test_company_create_rejects_invalid_data_and_saves_nothing() -> None:
    with pytest.raises(ValidationError) as exc:
        company_create(name="Acme", website="not a url")
    assert "website" in exc.value.message_dict
    assert not Company.objects.exists()


def test_company_create_refuses_unknown_fields() -> None:
    with pytest.raises(TypeError, match="nmae"):
        company_create(name="Acme", nmae="typo")


def test_company_update_keeps_the_slug_on_rename() -> None:
    company = CompanyFactory(name="Acme", slug="acme")
    company_update(company=company, name="Acme Robotics", reason="Renamed")
    company.refresh_from_db()
    assert (company.name, company.slug) == ("Acme Robotics", "acme")
    assert company.history.first().history_change_reason == "Renamed"


def test_company_get_or_create_matches_alias_ignoring_case() -> None:
    company = CompanyFactory(name="DeepSeek", aliases=["Hangzhou DeepSeek"])
    found, created = company_get_or_create(name="hangzhou deepseek")
    assert (found, created) == (company, False)


def test_company_get_or_create_does_not_match_part_of_an_alias() -> None:
    CompanyFactory(name="DeepSeek", aliases=["Hangzhou DeepSeek"])
    found, created = company_get_or_create(name="Hangzhou")
    assert created
    assert found.name == "Hangzhou"
    assert Company.objects.count() == 2


def test_name_match_wins_over_alias_match() -> None:
    CompanyFactory(name="Other", aliases=["Acme"])
    acme = CompanyFactory(name="ACME")
    assert company_get_or_create(name="acme") == (acme, False)


def test_investor_create_with_company_and_kind() -> None:
    catl_company = CompanyFactory(name="CATL")
    investor = investor_create(name="CATL", kind="corporate", company=catl_company)
    investor.refresh_from_db()
    assert (investor.kind, investor.company, investor.slug) == ("corporate", catl_company, "catl")


def test_investor_update_rejects_unknown_kind() -> None:
    investor = InvestorFactory(kind="venture")
    with pytest.raises(ValidationError):
        investor_update(investor=investor, kind="pirate")
    investor.refresh_from_db()
    assert investor.kind == "venture"


def test_investor_get_or_create_by_alias_then_creates() -> None:
    a16z = InvestorFactory(name="Andreessen Horowitz", aliases=["a16z"])
    assert investor_get_or_create(name="A16Z") == (a16z, False)
    new, created = investor_get_or_create(name="Sequoia Capital", kind="venture")
    assert created
    assert Investor.objects.get(slug="sequoia-capital") == new
    assert new.kind == "venture"
