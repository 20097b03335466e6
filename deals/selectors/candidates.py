"""The records that could be one of an article's names, for the resolver to score.

Never the whole table, which at scale is 100,000 names: a candidate's name starts
with the name's first word, or an alias contains it ("Klarna Bank AB" finds
"Klarna"; "DeepSeek" finds the alias "Hangzhou DeepSeek"). Both are LIKE patterns
the trigram GIN indexes of migration 0003 serve; a plain similarity search (`%`)
over a long name reads most of the table instead.

On PostgreSQL every prefix is one parenthesised SELECT of a single UNION ALL
statement, closest names first: an article has a dozen names, and building and
sending a query each through the ORM was most of ingest's resolve time
(bench_ingest). SQLite, the quickstart, takes the ORM query per prefix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from deals.models import Company, Investor

Candidate = tuple[int, str, list[str]]

# One prefix's candidates. UPPER(col::text) LIKE UPPER(%s) is what Django compiles
# `istartswith`/`icontains` to, so the same expression indexes serve it.
_BY_NAME = "UPPER({table}.name::text) LIKE UPPER(%s)"
_BY_ALIAS = " OR UPPER({table}.aliases::text) LIKE UPPER(%s)"
_PART = (
    "(SELECT id, name, aliases FROM {table} WHERE {where}"
    " ORDER BY GREATEST(SIMILARITY(name, %s), SIMILARITY(aliases::text, %s)) DESC, id"
    " LIMIT %s)"
)


def name_candidates(
    *, model: type[Company] | type[Investor], names: Iterable[str], limit: int = 20
) -> list[Candidate]:
    """(id, name, aliases) of the records that could be one of `names`."""
    by_prefix: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())[:100]
        words = name.split()
        if words:
            # A two-letter first word ("D1 Capital") is too short for a trigram index.
            prefix = words[0] if len(words[0]) >= 3 or len(words) == 1 else " ".join(words[:2])
            by_prefix.setdefault(prefix.upper(), name)
    if not by_prefix:
        return []
    read = _postgres_rows if connection.vendor == "postgresql" else _orm_rows
    rows: dict[int, Candidate] = {}
    for pk, found, aliases in read(model, by_prefix, limit):
        rows[pk] = (pk, found, list(aliases or []))
    return list(rows.values())


def _searches_aliases(prefix: str) -> bool:
    # Shorter, a substring search of aliases reads every row.
    return len(prefix) >= 3


def _postgres_rows(
    model: type[Company] | type[Investor], by_prefix: dict[str, str], limit: int
) -> list[tuple[Any, ...]]:
    table = connection.ops.quote_name(model._meta.db_table)
    like = connection.ops.prep_for_like_query
    parts: list[str] = []
    params: list[str | int] = []
    for prefix, name in by_prefix.items():
        where = _BY_NAME.format(table=table)
        params.append(f"{like(prefix)}%")
        if _searches_aliases(prefix):
            where += _BY_ALIAS.format(table=table)
            params.append(f"%{like(prefix)}%")
        parts.append(_PART.format(table=table, where=where))
        params += [name, name, limit]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        # A raw cursor gives the JSON column as text (Django's JSONField decodes it).
        return [(pk, name, json.loads(aliases)) for pk, name, aliases in cursor.fetchall()]


def _orm_rows(
    model: type[Company] | type[Investor], by_prefix: dict[str, str], limit: int
) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for prefix in by_prefix:
        match = Q(name__istartswith=prefix)
        if _searches_aliases(prefix):
            match |= Q(aliases_text__icontains=prefix)
        queryset = model.objects.annotate(aliases_text=Cast("aliases", TextField()))
        rows += queryset.filter(match).order_by("id").values_list("id", "name", "aliases")[:limit]
    return rows
