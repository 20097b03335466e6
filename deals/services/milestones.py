"""Milestones: the dated things worth watching."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from deals.models import Milestone


@transaction.atomic
def milestone_save(*, milestone: Milestone, reason: str | None = None) -> Milestone:
    """Validate and save; raises ValidationError (field -> messages) and saves nothing."""
    errors = milestone.errors()
    if errors:
        raise ValidationError(errors)
    milestone.full_clean()
    milestone._change_reason = reason or ("Edited" if milestone.pk else "Created")  # type: ignore[attr-defined]
    milestone.save()
    return milestone
