"""Time the analyst pages against the data in the database, next to Django's floor.

    manage.py generate_data --seed 1      # a million rounds, once
    manage.py bench_pages [--requests 50] [--json]

Each page is requested the way a browser does, through the Django test client
with the templates rendered and every middleware on, as a logged-in analyst.
Per page: the SQL query count of one request, and p50/p95 server time over
--requests requests after a warm-up. The floor is measured in the same run: a
view that renders base.html for the same logged-in user, so it pays for the
session, the user, the middleware and the page chrome, and nothing else. The
ratio p50/floor p50 is what the issue's target (<= 3) is about: it removes the
speed of the machine from the figure.

The floor view and its URL live in this module (ROOT_URLCONF is pointed here
for the run) so that no product URL exists only for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from deals.models import Company, Investor, Participation, Round
from deals.selectors.rounds import encode_cursor

BENCH_USERNAME = "bench-analyst"
PAGE_NAMES = (
    "dashboard, rounds, rounds: stage+country, rounds: sector+since, rounds: investor+largest, "
    "rounds: deep cursor, company: largest, investor: busiest, what to watch, search: typo, "
    "api: rounds, api: rounds stage+country"
)
FLOOR = "floor"


@login_required
@require_safe
def floor_view(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [
    path("__bench__/floor/", floor_view, name="bench_floor"),
    path("", include("fundtracker.urls")),
]


@dataclass(frozen=True)
class Target:
    name: str
    path: str


@dataclass(frozen=True)
class Result:
    name: str
    path: str
    queries: int
    p50_ms: float
    p95_ms: float
    ratio: float = 0.0
    # The same page with the page cache off: what an editor, or the first analyst
    # after a write, waits for.
    uncached_queries: int = 0
    uncached_p50_ms: float = 0.0
    uncached_ratio: float = 0.0


def bench_targets(*, today: dt.date | None = None) -> list[Target]:
    """The pages to measure, with their subjects picked from the data: the company with
    the most rounds, the busiest investor, a cursor half-way down the rounds list, and a
    partial name with a typo. tests/test_query_counts.py requests the same list."""
    today = today or timezone.localdate()
    company_id = (
        Round.objects.values("company")
        .annotate(n=Count("id"))
        .order_by("-n", "company")
        .values_list("company", flat=True)
        .first()
    )
    investor_id = (
        Participation.objects.values("investor")
        .annotate(n=Count("id"))
        .order_by("-n", "investor")
        .values_list("investor", flat=True)
        .first()
    )
    if company_id is None or investor_id is None:
        raise CommandError("No rounds to measure: run generate_data first.")
    company = Company.objects.get(pk=company_id)
    investor = Investor.objects.get(pk=investor_id)
    dated = Round.objects.filter(announced_on__isnull=False).order_by("-announced_on", "-id")
    middle = dated.count() // 2
    deep = dated.only("id", "announced_on")[middle]
    rounds = reverse("deals:round_list")
    year_ago = (today - dt.timedelta(days=365)).isoformat()
    sector = company.sector or "Software"
    targets = [
        Target("dashboard", reverse("deals:dashboard")),
        Target("rounds", rounds),
        Target("rounds: stage+country", f"{rounds}?stage=series_a&country=US"),
        Target("rounds: sector+since", f"{rounds}?sector={sector}&announced_from={year_ago}"),
        Target("rounds: investor+largest", f"{rounds}?investor={investor.slug}&sort=largest"),
        Target(
            "rounds: deep cursor",
            f"{rounds}?after={encode_cursor(deep, column='announced_on')}",
        ),
        Target(
            "company: largest",
            reverse("deals:company_detail", kwargs={"slug": company.slug}),
        ),
        Target(
            "investor: busiest",
            reverse("deals:investor_detail", kwargs={"slug": investor.slug}),
        ),
        Target("what to watch", reverse("deals:what_to_watch")),
        Target(
            "search: typo",
            f"{reverse('deals:search')}?q={typo(f'{company.name} {investor.name}')}",
        ),
        # The API's rounds list, first page and filtered, measured the same way.
        Target("api: rounds", reverse("api:round_list")),
        Target(
            "api: rounds stage+country", f"{reverse('api:round_list')}?stage=series_a&country=US"
        ),
    ]
    return targets


def typo(names: str) -> str:
    """The longest word of `names` with one letter near its end replaced: a partial
    name as typed, with the kind of slip trigram search is there to forgive (in a
    short word one slip leaves too few trigrams in common to match)."""
    word = max(names.split(), key=len)
    if len(word) < 5:
        return word
    i = len(word) - 2
    replacement = "u" if word[i].lower() != "u" else "a"
    return word[:i] + replacement + word[i + 1 :]


def bench_user() -> Any:
    user, _ = get_user_model().objects.get_or_create(username=BENCH_USERNAME)
    analyst = Group.objects.filter(name="analyst").first()
    if analyst is not None:
        user.groups.add(analyst)
    return user


def measure(client: Client, targets: list[Target], *, requests: int, warmup: int) -> list[Result]:
    """1. warm up each page; 2. count one request's queries per page; 3. time the
    pages round-robin, so that whatever else the machine does slows all of them alike
    and the ratios to the floor (targets[0]) stay fair."""
    for target in targets:
        for _ in range(warmup):
            _get(client, target)
    query_counts = []
    for target in targets:
        with CaptureQueriesContext(connection) as queries:
            _get(client, target)
        # Now: the next request's request_started signal empties the log this reads.
        query_counts.append(len(queries))
    timings: list[list[float]] = [[] for _ in targets]
    for _ in range(requests):
        for index, target in enumerate(targets):
            started = time.perf_counter()
            _get(client, target)
            timings[index].append((time.perf_counter() - started) * 1000)
    results = []
    for target, count, times in zip(targets, query_counts, timings, strict=True):
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        results.append(
            Result(
                name=target.name,
                path=target.path,
                queries=count,
                p50_ms=round(statistics.median(times), 2),
                p95_ms=round(cuts[94], 2),
            )
        )
    return results


def _get(client: Client, target: Target) -> None:
    response = client.get(target.path)
    if response.status_code != 200:
        raise CommandError(f"{target.name}: {target.path} answered {response.status_code}")


class Command(BaseCommand):
    help = "Measure query counts and server time of the analyst pages against a floor view."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--only", action="append", help="measure only pages named so")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requests"] < 2:
            raise CommandError("--requests must be at least 2 (50 or more for the report).")
        targets = bench_targets()
        if options["only"]:
            targets = [t for t in targets if t.name in options["only"]]
            if not targets:
                raise CommandError(f"--only names no page; the pages: {PAGE_NAMES}")
        (floor, *cached), (cold_floor, *uncached) = _both_passes(targets, options)
        results = with_ratios(cached, uncached, floor=floor, cold_floor=cold_floor)
        worst = max(results, key=lambda r: r.ratio)
        rounds = Round.objects.count()
        if options["json"]:
            payload = {
                "rounds": rounds,
                "requests": options["requests"],
                "floor": asdict(floor),
                "floor_uncached": asdict(cold_floor),
                "pages": [asdict(r) for r in results],
                "worst": asdict(worst),
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        self.stdout.write(f"{rounds:,} rounds; {options['requests']} timed requests per page")
        self._table(floor, cold_floor, results)

    def _table(self, floor: Result, cold_floor: Result, results: list[Result]) -> None:
        header = (
            f"{'page':<26} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'x floor':>8}"
            f"   {'uncached: queries':>17} {'p50 ms':>8} {'x floor':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{FLOOR:<26} {floor.queries:>7} {floor.p50_ms:>8.2f} {floor.p95_ms:>8.2f} {'':>8}"
            f"   {cold_floor.queries:>17} {cold_floor.p50_ms:>8.2f}"
        )
        for r in results:
            self.stdout.write(
                f"{r.name:<26} {r.queries:>7} {r.p50_ms:>8.2f} {r.p95_ms:>8.2f} {r.ratio:>8.2f}"
                f"   {r.uncached_queries:>17} {r.uncached_p50_ms:>8.2f} {r.uncached_ratio:>8.2f}"
            )
        self.stdout.write("-" * len(header))
        worst = max(results, key=lambda r: r.ratio)
        cold_worst = max(results, key=lambda r: r.uncached_ratio)
        cold = f"{cold_worst.name} {cold_worst.uncached_ratio:.2f}"
        self.stdout.write(f"worst ratio, page cache off: {cold} x floor")
        self.stdout.write(f"worst ratio: {worst.name} {worst.ratio:.2f} x floor")


def _both_passes(targets: list[Target], options: dict[str, Any]) -> list[list[Result]]:
    """The floor and the pages measured with the page cache on, then off, as an analyst."""
    user = bench_user()
    client = Client()
    client.force_login(user)
    passes = []
    # DEBUG off: a DEBUG server keeps every SQL string, which the floor would not pay.
    with override_settings(DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        floor_target = Target(FLOOR, reverse("bench_floor"))
        for cache_on in (True, False):
            with override_settings(PAGE_CACHE_ENABLED=cache_on):
                passes.append(
                    measure(
                        client,
                        [floor_target, *targets],
                        requests=options["requests"],
                        warmup=options["warmup"],
                    )
                )
    client.logout()
    return passes


def with_ratios(
    cached: list[Result], uncached: list[Result], *, floor: Result, cold_floor: Result
) -> list[Result]:
    """Each page's cached result with its ratio to the floor and its uncached figures."""
    return [
        Result(
            **{
                **asdict(r),
                "ratio": round(r.p50_ms / floor.p50_ms, 2),
                "uncached_queries": u.queries,
                "uncached_p50_ms": u.p50_ms,
                "uncached_ratio": round(u.p50_ms / cold_floor.p50_ms, 2),
            }
        )
        for r, u in zip(cached, uncached, strict=True)
    ]
