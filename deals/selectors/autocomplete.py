"""Reads for the editing forms' as-you-type pickers."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from deals.models import Investor


def investor_autocomplete(*, q: str, limit: int = 10) -> QuerySet[Investor]:
    """Investors whose name or an alias contains `q`, names starting with it first."""
    q = " ".join(q.split())
    if not q:
        return Investor.objects.none()
    return (
        Investor.objects.filter(Q(name__icontains=q) | Q(aliases__icontains=q))
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
