import pytest

from deals.models import Company
from deals.selectors.duplicates import likely_duplicates, merge_candidates

from .factories import CompanyFactory, InvestorFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["trigram", "rapidfuzz"])
def search_path(request, monkeypatch):
    """Both name-search branches: pg_trgm (PostgreSQL) and rapidfuzz (SQLite)."""
    if request.param == "rapidfuzz":
        monkeypatch.setattr("deals.selectors.search._uses_trigram", lambda: False)
    return request.param


def test_the_closest_whole_name_comes_first(search_path):
    long_name = CompanyFactory(name="Hangzhou DeepSeek Artificial Intelligence Research")
    same = CompanyFactory(name="DeepSeek")
    CompanyFactory(name="Mistral AI")
    found = likely_duplicates(model=Company, name="DeepSeek AI")
    assert found[:2] == [same, long_name]


def test_aliases_on_either_side_match(search_path):
    deepseek = CompanyFactory(name="DeepSeek", aliases=["深度求索", "Hangzhou DeepSeek"])
    assert likely_duplicates(model=Company, name="Hangzhou DeepSeek") == [deepseek]
    assert likely_duplicates(model=Company, name="DS", aliases=["DeepSeek"]) == [deepseek]


def test_unrelated_names_and_the_record_itself_are_left_out(search_path):
    deepseek = CompanyFactory(name="DeepSeek")
    CompanyFactory(name="Northvolt")
    assert likely_duplicates(model=Company, name="Helsing") == []
    assert likely_duplicates(model=Company, name="DeepSeek", exclude_pk=deepseek.pk) == []


def test_each_match_carries_its_round_count(search_path):
    investor = InvestorFactory(name="Sequoia Capital")
    for round_ in RoundFactory.create_batch(2):
        round_.participations.create(investor=investor)
    (found,) = likely_duplicates(model=type(investor), name="Sequoia Capitol")
    assert found == investor and found.round_count == 2


def test_merge_candidates_search_by_the_editors_query(search_path):
    duplicate = CompanyFactory(name="DeepSeek AI")
    other = CompanyFactory(name="Moonshot")
    assert merge_candidates(record=duplicate, q="Moonshot") == [other]
    assert merge_candidates(record=duplicate, q="DeepSeek AI") == []
