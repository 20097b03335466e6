"""Reads for the as-you-type pickers: investor names in the round form, company
names in the "what to watch" filter."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from deals.models import Company, Investor


def _names_matching(records: QuerySet[Any], *, q: str, limit: int) -> QuerySet[Any]:
    """Records whose name or an alias contains `q`, names starting with it first."""
    q = " ".join(q.split())
    if not q:
        return records.none()
    return (
        records.filter(Q(name__icontains=q) | Q(aliases__icontains=q))
        .annotate(
            rank=Case(
                When(name__istartswith=q, then=Value(0)),
                When(name__icontains=q, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name")[:limit]
    )


def investor_autocomplete(*, q: str, limit: int = 10) -> QuerySet[Investor]:
    return _names_matching(Investor.objects.all(), q=q, limit=limit)


def company_autocomplete(*, q: str, limit: int = 10) -> QuerySet[Company]:
    return _names_matching(Company.objects.all(), q=q, limit=limit)


def company_named(*, text: str) -> Company | None:
    """The company a person typed: its slug, name or an alias in any case, else the one
    company whose name or alias contains the text; None when none or several do."""
    text = " ".join(text.split())
    if not text:
        return None
    exact = Company.objects.filter(Q(slug=text) | Q(name__iexact=text)).first()
    if exact is not None:
        return exact
    candidates = list(_names_matching(Company.objects.all(), q=text, limit=20))
    by_alias = [c for c in candidates if text.lower() in (a.lower() for a in c.aliases or [])]
    if len(by_alias) == 1:
        return by_alias[0]
    return candidates[0] if len(candidates) == 1 else None
