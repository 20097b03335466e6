"""Accepting a milestone proposal: a new plan, a plan on file reported again (cited),
or, from a later article, a plan on file reported done (its outcome recorded)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from rapidfuzz import fuzz

from deals.models import Citation, Company, Milestone, Proposal
from deals.models.choices import MilestoneKind, MilestoneStatus
from deals.selectors.record import plan_reported_done
from deals.services.outcomes import milestone_record_outcome, round_close_settle
from deals.services.round_closes import close_link, round_of_close

# A milestone reported again (same company, overlapping dates, a title this alike)
# is the milestone on file.
MILESTONE_TITLE_CUTOFF = 80


def source_sentence(proposal: Proposal) -> str:
    return proposal.sentence or proposal.article.title or str(proposal.article)


def accept_milestone(
    proposal: Proposal, data: dict[str, Any], company: Company, user: Any
) -> Milestone:
    from deals.services.milestones import milestone_save

    start: date | None = data.get("date_start")
    if start is None:
        raise ValidationError({"date_start": ["Give the milestone's date."]})
    end: date = data.get("date_end") or start
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": ["Give the milestone a title."]})
    done = plan_reported_done(
        company_id=company.pk,
        title=title,
        end=end,
        reported_on=_reported_on(proposal),
    )
    if done is not None:
        return _record_reported_outcome(proposal, done, end, user)
    milestone = None
    for candidate in Milestone.objects.filter(
        company=company, date_start__lte=end, date_end__gte=start
    ):
        if fuzz.token_set_ratio(candidate.title.lower(), title.lower()) >= MILESTONE_TITLE_CUTOFF:
            milestone = candidate
            break
    if milestone is None:
        milestone = milestone_save(
            milestone=Milestone(
                company=company,
                title=title[:300],
                kind=data.get("kind") or "other",
                date_start=start,
                date_end=end,
                precision=data.get("precision") or "day",
            ),
            reason=f"From article {proposal.article_id}",
        )
    Citation.objects.get_or_create(
        article=proposal.article, milestone=milestone, sentence=source_sentence(proposal)
    )
    round_ = round_of_close(proposal) if milestone.kind == MilestoneKind.FUNDING_CLOSE else None
    if round_ is not None and milestone.round_id is None and round_.company_id == company.pk:
        milestone = close_link(milestone, round_)
        round_close_settle(round=round_, user=user)
        milestone.refresh_from_db()
    return milestone


def _reported_on(proposal: Proposal) -> date | None:
    stamp = proposal.article.published_at or proposal.article.fetched_at
    return stamp.date() if stamp else None


def _record_reported_outcome(
    proposal: Proposal, plan: Milestone, happened: date, user: Any
) -> Milestone:
    """A later article reports the plan done: accepting its proposal records the outcome
    (occurred, on the reported day) with the article as the source."""
    plan = milestone_record_outcome(
        milestone=plan,
        status=MilestoneStatus.OCCURRED,
        user=user,
        occurred_on=min(happened, timezone.localdate()),
        note=f"Reported done by {proposal.article.title or proposal.article.url}",
    )
    Citation.objects.get_or_create(
        article=proposal.article, milestone=plan, sentence=source_sentence(proposal)
    )
    return plan
