"""Indexes that only PostgreSQL can build; SQLite, the quickstart database, skips them.

- Trigram GIN indexes on UPPER(name) and UPPER(aliases::text) of companies and
  investors: Django compiles `icontains` to `UPPER(col::text) LIKE UPPER(%s)`, and
  deals.selectors.search uses word similarity `%>` on the same expressions, so name
  search, the lists' `q` filters and the rounds list's investor filter use them.
- round_announced_nulls_last_idx: an investor's portfolio, newest first with
  undated rounds last (selectors.investor_portfolio); the planner walks it and
  probes one_participation_per_round instead of sorting a busy investor's rounds.
- round_totals_idx: the dashboard's month and quarter totals
  (selectors.raised_totals) as an index-only scan.
They live here, not in Meta.indexes, because SQLite has no GIN, no NULLS LAST in an
index and no INCLUDE.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("company_name_trgm_idx", "deals_company USING gin (UPPER(name::text) gin_trgm_ops)"),
    ("company_aliases_trgm_idx", "deals_company USING gin (UPPER(aliases::text) gin_trgm_ops)"),
    ("investor_name_trgm_idx", "deals_investor USING gin (UPPER(name::text) gin_trgm_ops)"),
    (
        "investor_aliases_trgm_idx",
        "deals_investor USING gin (UPPER(aliases::text) gin_trgm_ops)",
    ),
    # Exact and prefix matches of short names ("GV", "D1 Capital") for the resolver's
    # candidates (selectors.candidates.name_candidates): too short for trigrams.
    ("company_name_prefix_idx", "deals_company (UPPER(name::text) text_pattern_ops)"),
    ("investor_name_prefix_idx", "deals_investor (UPPER(name::text) text_pattern_ops)"),
    ("round_announced_nulls_last_idx", "deals_round (announced_on DESC NULLS LAST, id DESC)"),
    ("round_totals_idx", "deals_round (announced_on) INCLUDE (status, amount_usd, id)"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("deals", "0002_roles")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
