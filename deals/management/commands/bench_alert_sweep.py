"""Time one alert sweep over a large PostgreSQL data set.

Fills the database (once; later runs reuse it) with 1,000,000 milestones over
20,000 companies, dates spread ten years around today, and 100,000 watches by
2,000 users (half on companies, half on single milestones), then times
`alerts.queue_due_alerts` twice inside a transaction that is rolled back: the
first sweep finds and inserts every due pair, the second is the steady state
of a beat run every minute (everything already recorded).

Why it is fast: the sweep never reads all open milestones. It range-scans
milestone_open_end_idx, a partial index on (date_end, id) WHERE status =
'upcoming', for the ALERT_LOOKBACK_DAYS window that just fell due (about
8,000 of the million rows), probes watch_milestone_idx and watch_company_idx
(partial indexes on the watch target) per milestone, and skips pairs already
recorded with one probe of the delivery_once_per_milestone unique index.
Run with --explain to see the plan.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from deals import alerts
from deals.models import Company, Milestone, Watch

PREFIX = "bench-sweep"
COMPANIES = 20_000
MILESTONES = 1_000_000
USERS = 2_000
WATCHES = 100_000
SPREAD_DAYS = 5 * 365


class Command(BaseCommand):
    help = "Time one due-alert sweep with 1,000,000 milestones and 100,000 watches."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE.")
        parser.add_argument("--drop", action="store_true", help="Delete the bench data and stop.")

    def handle(self, *args: Any, explain: bool = False, drop: bool = False, **opts: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL (set DATABASE_URL).")
        if drop:
            self._drop()
            return
        if not Company.objects.filter(slug__startswith=f"{PREFIX}-").exists():
            self._fill()
        self.stdout.write(
            f"Data: {Milestone.objects.count():,} milestones, {Watch.objects.count():,} watches."
        )
        now = timezone.now()
        with transaction.atomic():
            started = time.perf_counter()
            first = alerts.queue_due_alerts(now=now)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            second = alerts.queue_due_alerts(now=now)
            second_s = time.perf_counter() - started
            if explain:
                self._explain(now)
            transaction.set_rollback(True)  # leave the data as found, so runs compare
        self.stdout.write(f"First sweep: found and queued {first:,} due alerts in {first_s:.3f} s")
        self.stdout.write(f"Next sweep (nothing new): queued {second:,} in {second_s:.3f} s")

    @transaction.atomic  # all or nothing: a half-filled set would be reused as if whole
    def _fill(self) -> None:
        rng = random.Random(4)
        now = timezone.now()
        self.stdout.write("Filling: companies, users, 1,000,000 milestones, 100,000 watches ...")
        started = time.perf_counter()
        Company.objects.bulk_create(
            Company(name=f"Bench company {i}", slug=f"{PREFIX}-{i}") for i in range(COMPANIES)
        )
        company_ids = list(
            Company.objects.filter(slug__startswith=f"{PREFIX}-").values_list("id", flat=True)
        )
        User = get_user_model()
        User.objects.bulk_create(
            User(username=f"{PREFIX}-{i}", email=f"{PREFIX}-{i}@example.com", password="!")
            for i in range(USERS)
        )
        user_ids = list(
            User.objects.filter(username__startswith=f"{PREFIX}-").values_list("id", flat=True)
        )
        with connection.cursor() as cur:
            ids = _copy_milestones(cur, rng, company_ids, now)
            _copy_watches(cur, rng, user_ids, company_ids, ids, now)
            for model in (Milestone, Watch, Company):
                cur.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(f"Filled in {time.perf_counter() - started:.1f} s.")

    def _explain(self, now: dt.datetime) -> None:
        sql, params = alerts.queue_due_sql(now=now + dt.timedelta(seconds=1))
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            for (line,) in cur.fetchall():
                self.stdout.write(line)

    def _drop(self) -> None:
        User = get_user_model()
        with transaction.atomic():
            Watch.objects.filter(user__username__startswith=f"{PREFIX}-").delete()
            companies = Company.objects.filter(slug__startswith=f"{PREFIX}-")
            with connection.cursor() as cur:
                cur.execute(
                    f"DELETE FROM {Milestone._meta.db_table} WHERE company_id IN "
                    f"(SELECT id FROM {Company._meta.db_table} WHERE slug LIKE %s)",
                    [f"{PREFIX}-%"],
                )
            companies.delete()
            User.objects.filter(username__startswith=f"{PREFIX}-").delete()
        self.stdout.write("Bench data deleted.")


def _copy_milestones(
    cur: Any, rng: random.Random, company_ids: list[int], now: dt.datetime
) -> tuple[int, int]:
    """COPY the milestones in; return the lowest and highest new id."""
    today = timezone.localdate()
    statuses = ["upcoming"] * 9 + ["occurred"]
    copy_sql = (
        f"COPY {Milestone._meta.db_table} (company_id, title, kind, date_start, date_end, "
        "precision, status, outcome_note, description, created_at, updated_at) FROM STDIN"
    )
    with cur.connection.cursor().copy(copy_sql) as copy:
        for i in range(MILESTONES):
            end = today + dt.timedelta(days=rng.randint(-SPREAD_DAYS, SPREAD_DAYS))
            copy.write_row(
                (
                    rng.choice(company_ids),
                    f"Bench milestone {i}",
                    "other",
                    end,
                    end,
                    "day",
                    rng.choice(statuses),
                    "",
                    "",
                    now,
                    now,
                )
            )
    cur.execute(
        f"SELECT min(m.id), max(m.id) FROM {Milestone._meta.db_table} m "
        f"JOIN {Company._meta.db_table} c ON c.id = m.company_id "
        "WHERE c.slug LIKE %s",
        [f"{PREFIX}-%"],
    )
    low, high = cur.fetchone()
    return low, high


def _copy_watches(
    cur: Any,
    rng: random.Random,
    user_ids: list[int],
    company_ids: list[int],
    milestone_ids: tuple[int, int],
    now: dt.datetime,
) -> None:
    """COPY the watches in: half on companies, half on milestones, no pair twice."""
    low, high = milestone_ids
    pairs: set[tuple[str, int, int]] = set()
    while len(pairs) < WATCHES:
        user = rng.choice(user_ids)
        if len(pairs) % 2:
            pairs.add(("company", user, rng.choice(company_ids)))
        else:
            pairs.add(("milestone", user, rng.randint(low, high)))
    watch_sql = (
        f"COPY {Watch._meta.db_table} (user_id, company_id, milestone_id, created_at) FROM STDIN"
    )
    with cur.connection.cursor().copy(watch_sql) as copy:
        for kind, user, target in pairs:
            company = target if kind == "company" else None
            milestone = target if kind == "milestone" else None
            copy.write_row((user, company, milestone, now))
