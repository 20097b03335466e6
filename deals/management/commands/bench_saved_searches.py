"""Time the dashboard with saved searches against the same dashboard without them.

Uses bench_pages' analyst and the data in the database (generate_data). Three rows:
the dashboard with no saved search; with DASHBOARD_SEARCHES of them and their counts
cached (the usual case: no fact changed since the last view); and cold, with the
facts version replaced before every request (the first view after any write), which
pays one capped count per shown search.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from deals import page_cache
from deals.management.commands.bench_pages import bench_user
from deals.models import SavedSearch
from deals.selectors.saved import DASHBOARD_SEARCHES

# What analysts save: a country, a stage in a country, a sector, a size, an investor-free
# mix; the last visit a week ago, so every search has new rounds to count.
QUERIES = [
    "country=CN",
    "country=US&stage=series_a",
    "sector=Software",
    "amount_min=100",
    "stage=seed&sort=newest",
]


def _time(client: Client, path: str, *, requests: int, before: Any = None) -> tuple[int, float]:
    if before:
        before()
    executed: list[str] = []

    def count(run: Any, sql: str, *rest: Any) -> Any:
        executed.append(sql)
        return run(sql, *rest)

    with connection.execute_wrapper(count):
        client.get(path)
    times = []
    for _ in range(requests):
        if before:
            before()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return len(executed), round(statistics.median(times), 2)


class Command(BaseCommand):
    help = "Measure the dashboard with and without saved searches (queries, p50 ms)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        user = bench_user()
        client = Client()
        client.force_login(user)
        path = reverse("deals:dashboard")
        n = options["requests"]
        rows = []
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            SavedSearch.objects.filter(user=user).delete()
            client.get(path)
            rows.append(("dashboard, no saved search", *_time(client, path, requests=n)))
            week_ago = timezone.now() - dt.timedelta(days=7)
            for i, query in enumerate(QUERIES[:DASHBOARD_SEARCHES]):
                SavedSearch.objects.create(
                    user=user, name=f"bench {i}", query=query, last_visited_at=week_ago
                )
            client.get(path)
            rows.append(("dashboard, 5 searches, counts cached", *_time(client, path, requests=n)))
            rows.append(
                (
                    "dashboard, 5 searches, after a write",
                    *_time(client, path, requests=n, before=page_cache.facts_changed),
                )
            )
            SavedSearch.objects.filter(user=user).delete()
        self.stdout.write(f"{'page':<42} {'queries':>7} {'p50 ms':>8}")
        for name, queries, p50 in rows:
            self.stdout.write(f"{name:<42} {queries:>7} {p50:>8}")
