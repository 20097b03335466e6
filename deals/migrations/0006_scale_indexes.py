"""Indexes that keep the analyst pages fast at a million rounds (issue 5).

Besides the two Round indexes (see the comments in deals/models/rounds.py), this
adds trigram GIN indexes on UPPER(name) and UPPER(aliases::text): Django compiles
`icontains` on PostgreSQL to `UPPER(col::text) LIKE UPPER(%s)`, which the plain
trigram indexes of 0003 cannot serve, so each ILIKE in name search
(deals.selectors.search), the company/investor lists' `q`, and the rounds list's
`q` and `investor` filters was a sequential scan. Like 0003 they are created with
SQL on PostgreSQL only (SQLite, the quickstart database, has no GIN).
"""

from django.db import migrations, models

UPPER_TRGM_INDEXES = [
    ("company_name_upper_trgm_idx", "deals_company", "(UPPER(name::text))"),
    ("company_aliases_upper_trgm_idx", "deals_company", "(UPPER(aliases::text))"),
    ("investor_name_upper_trgm_idx", "deals_investor", "(UPPER(name::text))"),
    ("investor_aliases_upper_trgm_idx", "deals_investor", "(UPPER(aliases::text))"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in UPPER_TRGM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in UPPER_TRGM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0004_ingest_schedule"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="round",
            index=models.Index(
                models.OrderBy(models.F("announced_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="round_announced_nulls_last_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="round",
            index=models.Index(
                fields=["announced_on"],
                include=("status", "amount_usd", "id"),
                name="round_totals_idx",
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
