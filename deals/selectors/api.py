"""The API's reads: querysets for DRF to filter, paginate and serialize, each loading
what its serializer shows in a fixed number of queries per page."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from deals.models import Citation, Company, Investor, Milestone, Participation, Round


def api_companies(*, q: str = "") -> QuerySet[Company]:
    companies = Company.objects.all()
    return companies.filter(name__icontains=q) if q else companies


def api_investors(*, q: str = "") -> QuerySet[Investor]:
    investors = Investor.objects.all()
    return investors.filter(name__icontains=q) if q else investors


def api_rounds() -> QuerySet[Round]:
    """Every round with its company, its participations (confirmed and prospective, leads
    first) and its sources; the rounds list's FilterSet narrows it."""
    return Round.objects.select_related("company").prefetch_related(
        # Only the columns the serializers show: an article row carries its whole text.
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("investor")
            .only("round_id", "lead", "commitment", "investor__slug", "investor__name")
            .order_by("-lead", "investor__name"),
        ),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("article")
            .only("round_id", "sentence", "article__url", "article__title", "article__publisher")
            .order_by("id"),
        ),
    )


def api_milestones(*, company: str = "", status: str = "", kind: str = "") -> QuerySet[Milestone]:
    milestones = Milestone.objects.select_related("company")
    conditions = Q()
    if company:
        conditions &= Q(company__slug=company)
    if status:
        conditions &= Q(status=status)
    if kind:
        conditions &= Q(kind=kind)
    return milestones.filter(conditions)
