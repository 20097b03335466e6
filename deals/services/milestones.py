"""Milestones: the dated things worth watching."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from deals.models import Milestone


@transaction.atomic
def milestone_save(*, milestone: Milestone, reason: str | None = None) -> Milestone:
    """Validate and save; raises ValidationError (field -> messages) and saves nothing."""
    errors: dict[str, list[str]] = {}
    if milestone.date_start and milestone.date_end and milestone.date_start > milestone.date_end:
        errors["date_end"] = ["The date range ends before it starts."]
    round_ = milestone.round if milestone.round_id else None
    if round_ is not None and round_.company_id != milestone.company_id:
        errors["round"] = ["This round belongs to another company."]
    if errors:
        raise ValidationError(errors)
    milestone.full_clean()
    milestone._change_reason = reason or ("Edited" if milestone.pk else "Created")  # type: ignore[attr-defined]
    milestone.save()
    return milestone
