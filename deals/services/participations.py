"""An editor's decision on a prospective investor: it invested (confirm) or it did not (drop).

Both are recorded in the participation's history, with the editor (simple-history's
middleware) and a reason; a save or delete of a participation also replaces the page
cache's facts version (deals.signals), so no reading page keeps the old state.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from deals.models import Participation
from deals.models.choices import Commitment


def _locked_prospect(participation: Participation) -> Participation:
    # The row lock makes two editors' clicks act once; the second sees the first's result.
    locked = (
        Participation.objects.select_for_update()
        .select_related("investor")
        .filter(pk=participation.pk)
        .first()
    )
    if locked is None:
        raise ValidationError("This investor is no longer recorded in the round.")
    if locked.commitment == Commitment.CONFIRMED:
        raise ValidationError(f"{locked.investor} is already confirmed as an investor.")
    return locked


@transaction.atomic
def participation_confirm(*, participation: Participation) -> Participation:
    """The prospective investor took part: from now on it counts as an investor."""
    locked = _locked_prospect(participation)
    was = locked.get_commitment_display().lower()
    locked.commitment = Commitment.CONFIRMED
    locked._change_reason = f"Confirmed (was {was})"  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def participation_drop(*, participation: Participation) -> Participation:
    """The prospective investor did not take part: the participation goes, its history stays.

    Only a prospect is dropped here; a confirmed investor is removed by editing the round.
    Its citations go with it (they cite a participation that no longer exists); the
    article stays a source of the round.
    """
    locked = _locked_prospect(participation)
    locked._change_reason = f"Dropped ({locked.get_commitment_display().lower()})"  # type: ignore[attr-defined]
    locked.delete()
    return locked
