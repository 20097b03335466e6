import pytest

from deals.selectors import name_search
from deals.selectors.search import rank_names

from .factories import CompanyFactory, InvestorFactory

# Raw SQL (or its SQLite fallback) the quickstart runs too.
pytestmark = [pytest.mark.django_db, pytest.mark.quickstart]


@pytest.fixture
def names():
    return {
        "deepseek": CompanyFactory(name="DeepSeek", aliases=["Hangzhou DeepSeek AI"]),
        "moonshot": CompanyFactory(name="Moonshot AI", aliases=["Yuezhi Anmian"]),
        "deepmind": CompanyFactory(name="Google DeepMind"),
        "catl": CompanyFactory(name="CATL", aliases=["Contemporary Amperex Technology"]),
        "hillhouse": InvestorFactory(name="Hillhouse Investment", aliases=["高瓴资本"]),
        "catl_investor": InvestorFactory(name="CATL"),
    }


def test_typo_finds_company(names):
    results = name_search(q="Deepsek")
    assert results.companies[0] == names["deepseek"]


def test_alias_matches(names):
    assert name_search(q="yuezhi").companies == [names["moonshot"]]
    assert name_search(q="Amperex").companies == [names["catl"]]
    assert name_search(q="高瓴").investors == [names["hillhouse"]]


def test_prefix_typed_so_far_matches(names):
    assert set(name_search(q="Deep").companies) == {names["deepseek"], names["deepmind"]}


def test_searches_companies_and_investors(names):
    results = name_search(q="catl")
    assert results.companies == [names["catl"]]
    assert results.investors == [names["catl_investor"]]


def test_unrelated_query_finds_nothing(names):
    assert name_search(q="Volkswagen").empty


def test_short_query_finds_nothing_without_querying(names, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert name_search(q=" d ").empty


def test_results_are_capped():
    for i in range(5):
        CompanyFactory(name=f"Acme {i}")
    assert len(name_search(q="Acme", limit=3).companies) == 3


def test_sqlite_fallback_forgives_typos_and_matches_aliases(names, monkeypatch):
    monkeypatch.setattr("deals.selectors.search._uses_trigram", lambda: False)
    assert name_search(q="Deepsek").companies[0] == names["deepseek"]
    assert name_search(q="yuezhi").companies == [names["moonshot"]]
    assert name_search(q="Volkswagen").empty


def test_rank_names_best_score_first_over_all_names():
    ranked = rank_names("deepsek", [(1, ["DeepSeek"]), (2, ["Zhipu", "Deepseak"]), (3, ["BYD"])])
    assert {pk for pk, _ in ranked} == {1, 2}
    assert ranked[0][1] >= ranked[1][1]
