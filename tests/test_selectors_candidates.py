"""The resolver's candidates: LIKE patterns served by indexes, one statement per table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deals.models import Company
from deals.selectors.candidates import name_candidates
from tests.factories import CompanyFactory


@pytest.mark.django_db
def test_every_name_of_an_article_is_looked_up_in_one_statement():
    wanted = [
        CompanyFactory(name="Moonshot AI"),
        CompanyFactory(name="Zhipu", aliases=["Beijing Zhipu Huazhang"]),
        CompanyFactory(name="Unitree Robotics"),
    ]
    CompanyFactory(name="Quiet Harbour Foods")
    with CaptureQueriesContext(connection) as queries:
        found = name_candidates(
            model=Company, names=["Moonshot AI Ltd", "Zhipu AI", "Unitree", "Someone Else"]
        )
    assert len(queries) == 1
    assert {pk for pk, _name, _aliases in found} == {c.pk for c in wanted}
    aliases = {name: aliases for _pk, name, aliases in found}
    assert aliases["Zhipu"] == ["Beijing Zhipu Huazhang"]


@pytest.mark.django_db
def test_like_wildcards_in_a_name_match_only_themselves():
    literal = CompanyFactory(name="A_B Labs")
    CompanyFactory(name="AXB Labs")
    CompanyFactory(name="100 Percent Foods")
    found = name_candidates(model=Company, names=["A_B", "100%"])
    assert [pk for pk, _name, _aliases in found] == [literal.pk]


@pytest.mark.django_db
def test_no_names_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert name_candidates(model=Company, names=["", "   "]) == []
    assert len(queries) == 0
