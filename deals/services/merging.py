"""Merging a duplicate company or investor into the one kept, and deleting one.

Every moved row is saved one by one, not bulk-updated: simple_history then
records each move with the merge as its reason, and the page cache's signals
see each write. A merge leaves the duplicate's slug as a redirect, so links,
bookmarks and emails sent earlier lead to the kept record.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from deals.models import (
    Citation,
    Company,
    CompanyRedirect,
    Investor,
    InvestorRedirect,
    Participation,
    Watch,
)
from deals.models.choices import InvestorKind

M = TypeVar("M", Company, Investor)

COMPANY_FILLABLE = ("country", "sector", "website", "description")
INVESTOR_FILLABLE = ("website", "description")


def _lock_pair(model: type[M], duplicate: M, keep: M) -> tuple[M, M]:
    """Both rows, locked in id order (two merges of the same pair cannot deadlock)."""
    if duplicate.pk == keep.pk:
        raise ValidationError("A record cannot be merged into itself.")
    rows = {
        obj.pk: obj
        for obj in model._default_manager.select_for_update()
        .filter(pk__in=[duplicate.pk, keep.pk])
        .order_by("pk")
    }
    if len(rows) != 2:
        raise ValidationError("One of the two records no longer exists.")
    return rows[duplicate.pk], rows[keep.pk]


def _save(obj: models.Model, reason: str, **kwargs: Any) -> None:
    obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history
    obj.save(**kwargs)


def _delete(obj: models.Model, reason: str) -> None:
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.delete()


def _absorb_names_and_blanks(keep: M, duplicate: M, fillable: tuple[str, ...]) -> None:
    """The duplicate's name and aliases become aliases of the kept record, and its
    details fill the kept record's blank fields (never overwrite what is there)."""
    seen = {keep.name.casefold()}
    aliases: list[str] = []
    for alias in [*keep.aliases, duplicate.name, *duplicate.aliases]:
        text = " ".join(str(alias).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            aliases.append(text)
    keep.aliases = aliases
    for field in fillable:
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))


def _move_watches(duplicate_watches: models.QuerySet, field: str, keep: Any) -> None:
    # A user watching both keeps one watch: watch_company_once / watch_investor_once.
    for watch in duplicate_watches.order_by("pk"):
        if Watch.objects.filter(user_id=watch.user_id, **{field: keep}).exists():
            watch.delete()
        else:
            setattr(watch, field, keep)
            watch.save()


@transaction.atomic
def company_merge(*, duplicate: Company, keep: Company) -> Company:
    """Move everything of `duplicate` onto `keep`, then delete `duplicate`.

    1. Lock both rows.
    2. Move its rounds and milestones (their participations and citations follow).
    3. Move watches, merging a user's two watches into one.
    4. Hand over its investor profile when `keep` has none; else unlink it.
    5. Its name and aliases become `keep`'s aliases; its details fill `keep`'s blanks.
    6. Its slug, and those of companies merged into it before, redirect to `keep`.
    7. Delete it.
    """
    duplicate, keep = _lock_pair(Company, duplicate, keep)
    reason = f"Merged {duplicate.name} ({duplicate.slug}) into {keep.name} ({keep.slug})"
    for round_ in duplicate.rounds.order_by("pk"):
        round_.company = keep
        _save(round_, reason)
    for milestone in duplicate.milestones.order_by("pk"):
        milestone.company = keep
        _save(milestone, reason)
    _move_watches(duplicate.watches.all(), "company", keep)
    profile = Investor.objects.filter(company=duplicate).first()
    if profile is not None:
        kept_profile = Investor.objects.filter(company=keep).exists()
        profile.company = None if kept_profile else keep
        _save(profile, reason)
    _absorb_names_and_blanks(keep, duplicate, COMPANY_FILLABLE)
    keep.full_clean()
    _save(keep, reason)
    CompanyRedirect.objects.filter(company=duplicate).update(company=keep)
    # update_or_create: a merged company brought back by a history revert keeps its
    # old redirect row (unused while the company exists) until it is merged again.
    CompanyRedirect.objects.update_or_create(slug=duplicate.slug, defaults={"company": keep})
    _delete(duplicate, reason)
    return keep


def _move_participations(duplicate: Investor, keep: Investor, reason: str) -> None:
    """Each round the duplicate took part in gets `keep` instead; in a round where both
    took part (one_participation_per_round), one participation stays: lead if either
    led, with the citations of both."""
    for participation in duplicate.participations.order_by("pk"):
        kept = Participation.objects.filter(round_id=participation.round_id, investor=keep).first()
        if kept is None:
            participation.investor = keep
            _save(participation, reason)
            continue
        if participation.lead and not kept.lead:
            kept.lead = True
            _save(kept, reason)
        # Bulk: citations keep no history; facts_changed() below covers the page cache.
        Citation.objects.filter(participation=participation).update(participation=kept)
        _delete(participation, reason)


@transaction.atomic
def investor_merge(*, duplicate: Investor, keep: Investor) -> Investor:
    """Move everything of `duplicate` onto `keep`, then delete `duplicate`.

    1. Lock both rows.
    2. Move its participations, merging the two in a round both took part in.
    3. Move watches, merging a user's two watches into one.
    4. Its company link goes to `keep` when `keep` has none; a kind `keep` lacks too.
    5. Its name and aliases become `keep`'s aliases; its details fill `keep`'s blanks.
    6. Its slug, and those of investors merged into it before, redirect to `keep`.
    7. Delete it.
    """
    duplicate, keep = _lock_pair(Investor, duplicate, keep)
    reason = f"Merged {duplicate.name} ({duplicate.slug}) into {keep.name} ({keep.slug})"
    _move_participations(duplicate, keep, reason)
    _move_watches(duplicate.watches.all(), "investor", keep)
    if duplicate.company_id is not None and keep.company_id is None:
        company = duplicate.company
        duplicate.company = None  # a company has one investor profile (one-to-one)
        _save(duplicate, reason)
        keep.company = company
    if keep.kind == InvestorKind.OTHER:
        keep.kind = duplicate.kind
    _absorb_names_and_blanks(keep, duplicate, INVESTOR_FILLABLE)
    keep.full_clean()
    _save(keep, reason)
    InvestorRedirect.objects.filter(investor=duplicate).update(investor=keep)
    InvestorRedirect.objects.update_or_create(slug=duplicate.slug, defaults={"investor": keep})
    _delete(duplicate, reason)
    return keep


def _refuse_if_facts(what: str, counts: dict[str, int]) -> None:
    held = [f"{n} {label}" for label, n in counts.items() if n]
    if held:
        raise ValidationError(
            f"{what} still has {', '.join(held)}. Merge it into another record, "
            "or move or delete those first."
        )


@transaction.atomic
def company_delete(*, company: Company) -> None:
    """Delete a company that no fact hangs on; its watches and redirects go with it."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    _refuse_if_facts(
        company.name,
        {"round(s)": company.rounds.count(), "milestone(s)": company.milestones.count()},
    )
    _delete(company, "Deleted")


@transaction.atomic
def investor_delete(*, investor: Investor) -> None:
    """Delete an investor that took part in no round; its watches go with it."""
    investor = Investor.objects.select_for_update().get(pk=investor.pk)
    _refuse_if_facts(investor.name, {"round participation(s)": investor.participations.count()})
    _delete(investor, "Deleted")
