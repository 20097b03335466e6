"""Loading: PostgreSQL COPY (psycopg 3 `cursor.copy()`) of the row streams.

Into empty tables the secondary indexes and foreign keys are dropped first and
rebuilt after the load, as pg_restore does; the caller holds one transaction
around it all, so a failure leaves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Model
from tqdm import tqdm

from deals.models import Company, Investor, Milestone, Participation, Round
from deals.synthetic.rows import Generator
from deals.synthetic.shapes import Plan

MODELS = [Company, Investor, Round, Participation, Milestone]
COPY_CHUNK = 10_000


def has_deal_data() -> bool:
    return any(m._default_manager.exists() for m in MODELS)


def flush() -> None:
    """Empty the deal tables, their history, and every table that refers to them."""
    tables = [m._meta.db_table for m in MODELS]
    tables += [m.history.model._meta.db_table for m in MODELS]  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def load(plan: Plan, *, quiet: bool) -> dict[str, int]:
    """1. lock the tables and find the first free ids; 2. if they are empty, drop their
    secondary indexes and foreign keys; 3. COPY each table in turn; 4. restore
    what step 2 dropped and move the id sequences past the new rows."""
    tables = [m._meta.db_table for m in MODELS]
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
        # Index builds are the slow part of a bulk load; give them memory.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        start: dict[type[Model], int] = {}
        for model in MODELS:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
            start[model] = cursor.fetchone()[0]
        empty = all(first == 1 for first in start.values())
        company_slugs = set(Company.objects.values_list("slug", flat=True)) if not empty else set()
        investor_slugs = (
            set(Investor.objects.values_list("slug", flat=True)) if not empty else set()
        )
        with _without_secondary_indexes(cursor, tables) if empty else _nothing():
            gen = Generator(plan, start=start)
            counts = {
                "companies": _copy(
                    cursor, Company, gen.companies(company_slugs), plan.companies, quiet
                ),
                "investors": _copy(
                    cursor, Investor, gen.investors(investor_slugs), plan.investors, quiet
                ),
                "rounds": _copy(cursor, Round, gen.rounds(), plan.rounds, quiet),
                "participations": _copy(
                    cursor, Participation, gen.participations(), int(plan.rounds * 2.37), quiet
                ),
                "milestones": _copy(cursor, Milestone, gen.milestones(), plan.milestones, quiet),
            }
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )
    return counts


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _without_secondary_indexes(cursor: Any, tables: Sequence[str]) -> Iterator[None]:
    """Drop the indexes that back no constraint and the foreign keys, rebuild them after:
    one sort per index and one join per key instead of millions of single-row updates."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "WHERE c.relname = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
        [list(tables)],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [list(tables)],
    )
    foreign_keys = cursor.fetchall()
    for table, name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for _table, _definition, name in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    for _table, definition, _name in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _copy(cursor: Any, model: type, rows: Iterator[dict[str, Any]], total: int, quiet: bool) -> int:
    first = next(rows, None)
    if first is None:
        return 0
    # A column the row builders do not know (a field added since) takes the model's
    # default, as a save would: COPY would otherwise leave it NULL and break NOT NULL.
    fields = model._meta.concrete_fields  # type: ignore[attr-defined]
    missing = [field for field in fields if field.column not in first]
    columns = [*first, *(field.column for field in missing)]
    defaults = [field.get_db_prep_save(field.get_default(), connection) for field in missing]
    table = model._meta.db_table  # type: ignore[attr-defined]
    n = 0
    with (
        tqdm(total=total, desc=f"{table:<20}", unit=" rows", disable=quiet, leave=True) as bar,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        copy.write_row([*first.values(), *defaults])
        n = 1
        for row in rows:
            copy.write_row([*row.values(), *defaults])
            n += 1
            if n % COPY_CHUNK == 0:
                bar.update(COPY_CHUNK)
        bar.update(n % COPY_CHUNK)
    return n


def analyze() -> None:
    # VACUUM as well when it can run (not inside a caller's transaction, as in
    # tests): it sets the visibility map, without which no index-only scan is.
    analyze = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in MODELS:
            cursor.execute(f"{analyze} {model._meta.db_table}")
