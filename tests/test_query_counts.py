"""Every analyst page runs the same number of SQL queries on a data set ten times larger.

The pages and their subjects (largest company, busiest investor, a deep cursor, a
search with a typo) are the ones bench_pages times, so the benchmark and this test
cannot drift apart. Timings are not asserted here; they live in bench_pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from deals.management.commands.bench_pages import bench_targets, bench_user

TODAY = dt.date(2026, 1, 15)
SMALL = {"companies": 200, "investors": 100, "rounds": 2_000, "milestones": 2_000}
# 14: the company page adds its funding chart, investor network and track record (one each).
MAX_QUERIES = 14


def _count_queries() -> dict[str, int]:
    """Queries per page with the page cache off: the work a page does when it renders,
    which is what could grow with the data (a cached fragment runs none of it)."""
    client = Client()
    client.force_login(bench_user())
    counts = {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for target in bench_targets():
            client.get(target.path)  # a first request may warm caches; count the second
            with CaptureQueriesContext(connection) as queries:
                response = client.get(target.path)
            assert response.status_code == 200, target
            counts[target.name] = len(queries)
    return counts


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker) -> dict[str, tuple[int, int]]:
    """Counts per page at 1x and 10x data, measured once for the module and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("generate_data", today=TODAY, seed=3, verbosity=0, **SMALL)
        small = _count_queries()
        large_sizes = {name: 10 * n for name, n in SMALL.items()}
        call_command("generate_data", today=TODAY, seed=3, verbosity=0, flush=True, **large_sizes)
        large = _count_queries()
        transaction.set_rollback(True)
    return {name: (small[name], large.get(name, -1)) for name in small}


PAGES = [
    "dashboard",
    "rounds",
    "rounds: stage+country",
    "rounds: sector+since",
    "rounds: investor+largest",
    "rounds: deep cursor",
    "company: largest",
    "investor: busiest",
    "what to watch",
    "search: typo",
    "api: rounds",
    "api: rounds stage+country",
]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(query_counts, page):
    small, large = query_counts[page]
    assert small == large, f"{page}: {small} queries at 1x, {large} at 10x"
    assert large <= MAX_QUERIES


def test_every_benchmarked_page_is_covered(query_counts):
    assert set(query_counts) == set(PAGES)
