"""Companies and investors: create, correct, and find-or-create by name."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.utils.text import slugify

from deals.models import Company, CompanyRedirect, Investor, InvestorRedirect
from deals.models.choices import InvestorKind

M = TypeVar("M", bound=models.Model)

SLUG_MAX = 200  # leaves room for a "-NN" suffix within the 220-character column
# Path words that sit where a slug goes (companies/new/, investors/autocomplete/).
RESERVED_SLUGS = frozenset({"new", "autocomplete", "edit", "search"})


# The slugs merged records left behind: still links, so never handed out again.
REDIRECTS: dict[type[models.Model], type[models.Model]] = {
    Company: CompanyRedirect,
    Investor: InvestorRedirect,
}


def unique_slug(model: type[models.Model], name: str) -> str:
    """A slug for `name` no row of `model` uses yet ("acme", "acme-2", ...), nor a
    merged one's old link."""
    base = slugify(name)[:SLUG_MAX].strip("-") or model._meta.model_name or "item"
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    if model in REDIRECTS:
        redirects = REDIRECTS[model]._default_manager.filter(slug__startswith=base)
        taken |= set(redirects.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def find_by_name(model: type[M], name: str) -> M | None:
    """The row whose name, else one of whose aliases, equals `name` ignoring case.

    The alias filter in SQL matches the JSON text loosely (a substring), so the
    exact comparison is made here; a name match wins over an alias match.
    """
    key = name.strip().casefold()
    if not key:
        return None
    candidates = list(
        model._default_manager.filter(
            Q(name__iexact=name.strip()) | Q(aliases__icontains=name.strip())
        ).order_by("pk")
    )
    for obj in candidates:
        if obj.name.casefold() == key:  # type: ignore[attr-defined]
            return obj
    for obj in candidates:
        if any(str(a).casefold() == key for a in obj.aliases):  # type: ignore[attr-defined]
            return obj
    return None


def _apply(obj: models.Model, fields: dict[str, Any]) -> None:
    # A misspelt keyword would otherwise become a silent attribute and be lost.
    names = {f.name for f in obj._meta.concrete_fields} | {
        f.attname for f in obj._meta.concrete_fields
    }
    unknown = sorted(set(fields) - names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field(s) {', '.join(unknown)}")
    for key, value in fields.items():
        setattr(obj, key, value)


def _save(obj: models.Model, reason: str | None) -> None:
    obj.full_clean()
    if reason:
        # simple_history reads this attribute into the historical record.
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


@transaction.atomic
def company_create(*, name: str, reason: str | None = None, **fields: Any) -> Company:
    company = Company(name=name.strip())
    _apply(company, fields)
    if not company.slug:
        company.slug = unique_slug(Company, company.name)
    _save(company, reason or "Created")
    return company


@transaction.atomic
def company_update(*, company: Company, reason: str | None = None, **fields: Any) -> Company:
    # The slug is kept on rename so links and watches made earlier still work.
    _apply(company, fields)
    _save(company, reason or "Edited")
    return company


@transaction.atomic
def company_get_or_create(*, name: str) -> tuple[Company, bool]:
    found = find_by_name(Company, name)
    if found is not None:
        return found, False
    return company_create(name=name), True


@transaction.atomic
def investor_create(
    *,
    name: str,
    kind: str = InvestorKind.OTHER,
    company: Company | None = None,
    reason: str | None = None,
    **fields: Any,
) -> Investor:
    investor = Investor(name=name.strip(), kind=kind, company=company)
    _apply(investor, fields)
    if not investor.slug:
        investor.slug = unique_slug(Investor, investor.name)
    _save(investor, reason or "Created")
    return investor


@transaction.atomic
def investor_update(*, investor: Investor, reason: str | None = None, **fields: Any) -> Investor:
    _apply(investor, fields)
    _save(investor, reason or "Edited")
    return investor


@transaction.atomic
def investor_get_or_create(*, name: str, kind: str = InvestorKind.OTHER) -> tuple[Investor, bool]:
    found = find_by_name(Investor, name)
    if found is not None:
        return found, False
    return investor_create(name=name, kind=kind), True
