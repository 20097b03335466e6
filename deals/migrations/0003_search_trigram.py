"""Trigram search on names and aliases (PostgreSQL only).

The GIN indexes serve deals.selectors.search.name_search (word similarity `%>`
and substring match on Company/Investor name, and on aliases cast to text) and
the `q` filters of the company, investor and rounds lists. They index UPPER(...)
because that is what Django's `icontains` compares on PostgreSQL
(`UPPER(name::text) LIKE UPPER('%q%')`); trigrams ignore case, so `%>` loses
nothing. They live here rather than in Meta.indexes because SQLite, the
quickstart database, has no GIN and rebuilds every Meta index whenever it
remakes a table.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("company_name_trgm_idx", "deals_company", "UPPER(name::text)"),
    ("company_aliases_trgm_idx", "deals_company", "UPPER(aliases::text)"),
    ("investor_name_trgm_idx", "deals_investor", "UPPER(name::text)"),
    ("investor_aliases_trgm_idx", "deals_investor", "UPPER(aliases::text)"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0002_roles"),
    ]

    operations = [
        # A no-op on other databases.
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
