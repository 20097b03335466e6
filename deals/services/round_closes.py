"""A round's close milestone and the round it closes, as proposals and as records.

Ingest proposes a round ("DeepSeek's round ... may close by June") and, from the
same article, a funding_close milestone for it. The milestone stands or falls
with the round: it is rejected with it, linked to it once both are accepted, and
settled (occurred) once the round is on file as completed and the date passed.
"""

from __future__ import annotations

from typing import Any

from deals.ingest.resolve import normalize_name
from deals.models import Milestone, Proposal, Round
from deals.models.choices import MilestoneKind
from deals.services.outcomes import round_close_settle


def closes_proposed(round_proposal: Proposal, *, status: str) -> list[Proposal]:
    """Milestone proposals, in `status`, for the close of this proposal's round.

    A round's close ("Round close by June") is a milestone of that round only: the
    same article's funding_close proposals for the same company and, when the
    article proposes more than one round of that company, from the same sentence.
    """
    if round_proposal.kind != Proposal.Kind.ROUND:
        return []
    company = _proposed_company(round_proposal)
    same_article = list(
        Proposal.objects.filter(article_id=round_proposal.article_id)
        .exclude(pk=round_proposal.pk)
        .select_related("created_milestone")
    )
    one_round = not any(
        p.kind == Proposal.Kind.ROUND and _proposed_company(p) == company for p in same_article
    )
    return [
        p
        for p in same_article
        if p.kind == Proposal.Kind.MILESTONE
        and p.status == status
        and (p.payload or {}).get("kind") == MilestoneKind.FUNDING_CLOSE
        and _proposed_company(p) == company
        and (one_round or p.sentence == round_proposal.sentence)
    ]


def _proposed_company(proposal: Proposal) -> str:
    return normalize_name((proposal.payload or {}).get("company", ""))


def closes_link(round_proposal: Proposal, round_: Round, user: Any) -> None:
    """Close milestones accepted from this article before their round: now they have it."""
    for p in closes_proposed(round_proposal, status=Proposal.Status.ACCEPTED):
        milestone = p.created_milestone
        if milestone and milestone.round_id is None and milestone.company_id == round_.company_id:
            close_link(milestone, round_)
    round_close_settle(round=round_, user=user)


def close_link(milestone: Milestone, round_: Round) -> Milestone:
    from deals.services.milestones import milestone_save

    milestone.round = round_
    return milestone_save(milestone=milestone, reason=f"Close of round {round_.pk}")


def round_of_close(proposal: Proposal) -> Round | None:
    """The round a close milestone proposal is about, once its round proposal was decided."""
    decided = Proposal.objects.filter(
        article_id=proposal.article_id,
        kind=Proposal.Kind.ROUND,
        status__in=(Proposal.Status.ACCEPTED, Proposal.Status.MERGED),
        matched_round__isnull=False,
    ).select_related("matched_round")
    rounds = {
        p.matched_round_id: p.matched_round
        for p in decided
        if proposal.pk in {c.pk for c in closes_proposed(p, status=proposal.status)}
    }
    return next(iter(rounds.values())) if len(rounds) == 1 else None
