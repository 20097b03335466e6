"""The one row a URL names, loaded with what its view needs, or Http404.

The editing, review and watch views read through these rather than the ORM, so
each row's `select_related` is decided here, beside the other reads.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.shortcuts import get_object_or_404

from deals.models import Article, Company, Feed, Investor, Milestone, Participation, Proposal, Round

M = TypeVar("M", bound=models.Model)


def record_or_404(*, model: type[M], **lookup: Any) -> M:
    """A row of `model` by a unique field (pk, slug), or Http404."""
    return get_object_or_404(model, **lookup)


def record_or_none(*, model: type[M], field: str, value: str) -> M | None:
    """The row a query parameter names (?company=<slug>, ?round=<pk>), or None; a pk that
    is not a number names nothing."""
    if not value or (field == "pk" and not value.isdigit()):
        return None
    return model._default_manager.filter(**{field: value}).first()


def round_for_edit(*, pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("company"), pk=pk)


def round_or_none(*, pk_text: str) -> Round | None:
    return record_or_none(model=Round, field="pk", value=pk_text)


def company_or_none(*, slug: str) -> Company | None:
    return record_or_none(model=Company, field="slug", value=slug)


def participation_for_decision(*, pk: int) -> Participation:
    return get_object_or_404(Participation.objects.select_related("investor"), pk=pk)


def milestone_for_edit(*, pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("company", "round"), pk=pk)


def milestone_with_company(*, pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("company"), pk=pk)


def proposal_with_article(*, pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("article"), pk=pk)


def company_by_slug(*, slug: str) -> Company:
    return get_object_or_404(Company, slug=slug)


def investor_by_slug(*, slug: str) -> Investor:
    return get_object_or_404(Investor, slug=slug)


def article_by_pk(*, pk: int) -> Article:
    return get_object_or_404(Article, pk=pk)


def proposal_by_pk(*, pk: int) -> Proposal:
    return get_object_or_404(Proposal, pk=pk)


def feed_by_pk(*, pk: int) -> Feed:
    return get_object_or_404(Feed, pk=pk)
