"""What an editor would enter twice, and what hangs on a record before a merge or delete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Q
from rapidfuzz import fuzz, utils

from deals.models import Citation, Company, Investor, Milestone, Participation, Round, Watch

from .search import similar_names

M = TypeVar("M", Company, Investor)

DUPLICATES_LIMIT = 5
MAX_TEXTS = 10


def likely_duplicates(
    *, model: type[M], name: str, aliases: Iterable[str] = (), exclude_pk: int | None = None
) -> list[M]:
    """Records that may be the one being entered: same or near name, or an alias.

    The name and each alias go through the name search (pg_trgm, or rapidfuzz on
    SQLite); results keep the order of the first text that found them.
    """
    queryset = model._default_manager.all()
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    # Each text is one search; a long list of aliases pasted in stays a few queries.
    texts = [name, *aliases][:MAX_TEXTS]
    found: dict[int, M] = {}
    for text in texts:
        for obj in similar_names(queryset=queryset, q=text, limit=DUPLICATES_LIMIT):
            found.setdefault(obj.pk, obj)
    # The search ranks by how well the typed text fits inside a name, so a long name
    # containing it ("Hangzhou DeepSeek Artificial Intelligence") can outrank the
    # same name ("DeepSeek"); as a duplicate, the closer whole name comes first.
    ranked = sorted(found.values(), key=lambda obj: -_closeness(texts, obj))
    return _with_round_counts(model, ranked[:DUPLICATES_LIMIT])


def _closeness(texts: list[str], obj: Company | Investor) -> float:
    return max(
        fuzz.token_sort_ratio(text, other, processor=utils.default_process)
        for text in texts
        for other in [obj.name, *obj.aliases]
    )


def _with_round_counts(model: type[M], records: list[M]) -> list[M]:
    """Sets `round_count` on each: tells the editor which of two records is the real one."""
    field, facts = ("company", Round) if model is Company else ("investor", Participation)
    rows = facts.objects.filter(**{f"{field}__in": records}).values(field).order_by()
    by_pk = {row[field]: row["n"] for row in rows.annotate(n=Count("id"))}
    for obj in records:
        obj.round_count = by_pk.get(obj.pk, 0)  # type: ignore[attr-defined]
    return records


@dataclass(frozen=True)
class Attached:
    """What hangs on a company or investor, as a merge moves it or a delete would lose it.

    Rounds, milestones and participations are facts (a delete is refused while
    any remain); the lists hold the first ATTACHED_LIMIT, the counts all of them.
    """

    rounds: list[Round]
    round_count: int
    milestones: list[Milestone]
    milestone_count: int
    participation_count: int
    citation_count: int
    watch_count: int

    @property
    def has_facts(self) -> bool:
        return bool(self.round_count or self.milestone_count or self.participation_count)

    @property
    def rounds_truncated(self) -> bool:
        return self.round_count > len(self.rounds)

    @property
    def milestones_truncated(self) -> bool:
        return self.milestone_count > len(self.milestones)


ATTACHED_LIMIT = 20


def company_attached(*, company: Company) -> Attached:
    rounds = Round.objects.filter(company=company).select_related("company")
    milestones = Milestone.objects.filter(company=company).select_related("company")
    citations = Citation.objects.filter(
        Q(round__company=company)
        | Q(milestone__company=company)
        | Q(participation__round__company=company)
    )
    return Attached(
        rounds=list(rounds.order_by("-announced_on", "-id")[:ATTACHED_LIMIT]),
        round_count=rounds.count(),
        milestones=list(milestones.order_by("date_start", "id")[:ATTACHED_LIMIT]),
        milestone_count=milestones.count(),
        participation_count=Participation.objects.filter(round__company=company).count(),
        citation_count=citations.count(),
        watch_count=Watch.objects.filter(company=company).count(),
    )


def investor_attached(*, investor: Investor) -> Attached:
    rounds = Round.objects.filter(participations__investor=investor).select_related("company")
    return Attached(
        rounds=list(rounds.order_by("-announced_on", "-id")[:ATTACHED_LIMIT]),
        round_count=rounds.count(),
        milestones=[],
        milestone_count=0,
        participation_count=Participation.objects.filter(investor=investor).count(),
        citation_count=Citation.objects.filter(participation__investor=investor).count(),
        watch_count=Watch.objects.filter(investor=investor).count(),
    )


def company_redirect_target(*, slug: str) -> Company | None:
    """The company a merged company's old slug now leads to."""
    return Company.objects.filter(redirects__slug=slug).first()


def investor_redirect_target(*, slug: str) -> Investor | None:
    return Investor.objects.filter(redirects__slug=slug).first()


def merge_candidates(*, record: Company | Investor, q: str = "") -> list[Any]:
    """Records `record` could be merged into: those matching the editor's query, else
    its likely duplicates."""
    model = type(record)
    if q.strip():
        queryset = model._default_manager.exclude(pk=record.pk)
        return _with_round_counts(model, similar_names(queryset=queryset, q=q))
    return likely_duplicates(
        model=model, name=record.name, aliases=record.aliases, exclude_pk=record.pk
    )
