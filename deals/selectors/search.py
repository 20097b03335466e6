"""Name search over companies and investors, forgiving small typos.

PostgreSQL: trigram word similarity (pg_trgm, migration 0003_postgres_indexes) on
the name and on the aliases cast to text, plus ILIKE so that a prefix typed so
far ("Deep") matches at once. SQLite (the quickstart): ILIKE candidates plus a
capped sample of names, ranked in Python with rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Model, Q, QuerySet, TextField
from django.db.models.functions import Cast, Greatest, Upper
from rapidfuzz import fuzz, process, utils

from deals.models import Company, Investor

LIMIT = 10
MIN_QUERY_CHARS = 2
# SQLite fallback: how many rows are scored in Python, and the score that counts as a match.
FALLBACK_CANDIDATES = 2000
FALLBACK_CUTOFF = 75.0


@dataclass(frozen=True)
class SearchResults:
    query: str
    companies: list[Company]
    investors: list[Investor]

    @property
    def empty(self) -> bool:
        return not (self.companies or self.investors)


def _clean_query(q: str) -> str:
    return " ".join(q.split())[:100]


def name_search(*, q: str, limit: int = LIMIT) -> SearchResults:
    q = _clean_query(q)
    if len(q) < MIN_QUERY_CHARS:
        return SearchResults(query=q, companies=[], investors=[])
    return SearchResults(
        query=q,
        companies=similar_names(queryset=Company.objects.all(), q=q, limit=limit),
        investors=similar_names(
            queryset=Investor.objects.select_related("company"), q=q, limit=limit
        ),
    )


def similar_names(*, queryset: QuerySet, q: str, limit: int = LIMIT) -> list[Any]:
    """Rows of `queryset` whose name or an alias contains `q` or is spelt close to it,
    best first: trigrams on PostgreSQL, rapidfuzz on SQLite."""
    q = _clean_query(q)
    if len(q) < MIN_QUERY_CHARS:
        return []
    search = _trigram_search if _uses_trigram() else _fuzzy_search
    return search(queryset, q=q, limit=limit)


def _uses_trigram() -> bool:
    return connection.vendor == "postgresql"


def _trigram_search(queryset: QuerySet, *, q: str, limit: int) -> list[Any]:
    # UPPER(...) on both sides of `%>` so the GIN indexes of migration 0003 (built
    # on UPPER for icontains) serve it too; trigrams ignore case, so nothing is lost.
    return list(
        queryset.annotate(
            aliases_text=Cast("aliases", TextField()),
            name_upper=Upper("name"),
            aliases_upper=Upper("aliases_text"),
            score=Greatest(
                TrigramWordSimilarity(q, "name"), TrigramWordSimilarity(q, "aliases_text")
            ),
        )
        # Operators, not a filter on `score`: `%>` and LIKE can use the indexes, a
        # computed score cannot. `%>` keeps pg_trgm's default threshold, 0.6.
        .filter(
            Q(name_upper__trigram_word_similar=q)
            | Q(aliases_upper__trigram_word_similar=q)
            | Q(name__icontains=q)
            | Q(aliases_text__icontains=q)
        )
        .order_by("-score", "name", "id")[:limit]
    )


def _fuzzy_search(queryset: QuerySet, *, q: str, limit: int) -> list[Any]:
    """1. Rows whose name or aliases contain the query; 2. a capped sample of the rest;
    3. rank both by rapidfuzz over name and aliases; 4. load the best `limit` rows."""
    contains = queryset.annotate(aliases_text=Cast("aliases", TextField())).filter(
        Q(name__icontains=q) | Q(aliases_text__icontains=q)
    )
    candidates = {
        row["id"]: row for row in contains.values("id", "name", "aliases")[:FALLBACK_CANDIDATES]
    }
    for row in queryset.values("id", "name", "aliases")[:FALLBACK_CANDIDATES]:
        candidates.setdefault(row["id"], row)
    ranked = rank_names(
        q, ((row["id"], [row["name"], *row["aliases"]]) for row in candidates.values())
    )
    ids = [pk for pk, _score in ranked[:limit]]
    by_id: dict[int, Model] = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def rank_names(
    q: str, candidates: Iterable[tuple[int, list[str]]], *, cutoff: float = FALLBACK_CUTOFF
) -> list[tuple[int, float]]:
    """(id, best score over its names) for candidates scoring at least `cutoff`, best first."""
    best: dict[int, float] = {}
    needle = utils.default_process(q)
    for pk, names in candidates:
        choices = [n for n in names if isinstance(n, str) and n]
        match = process.extractOne(
            needle,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=cutoff,
        )
        if match:
            best[pk] = max(best.get(pk, 0.0), match[1])
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))
