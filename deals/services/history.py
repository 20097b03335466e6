"""Undoing a change: put an object back as a historical record shows it."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from deals.models import Investor, Participation, Round


def _participations_then(record: Any) -> dict[int, tuple[bool, str]]:
    """Investor id -> (lead, commitment) for the round's investors while `record` was its
    current version.

    round_save writes the round first and its participations just after, so the
    participations of a version carry later timestamps than the version itself.
    The version lasted until the round's next historical record; the state just
    before that one (or now, for the latest) is what that version looked like.
    """
    later = (
        Round.history.filter(id=record.id, history_date__gt=record.history_date)
        .order_by("history_date")
        .first()
    )
    history = Participation.history.filter(round_id=record.id)
    if later is not None:
        history = history.filter(history_date__lt=later.history_date)
    return {
        h.investor_id: (h.lead, h.commitment)
        for h in history.latest_of_each()
        if h.history_type != "-"
    }


def _restore_participations(round_: Round, record: Any) -> None:
    wanted = _participations_then(record)
    # An investor deleted since then cannot take part again; the rest is restored.
    existing = set(Investor.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    reason = round_._change_reason  # type: ignore[attr-defined]
    current = {p.investor_id: p for p in round_.participations.all()}
    for investor_id, participation in current.items():
        if investor_id not in wanted:
            participation._change_reason = reason  # type: ignore[attr-defined]
            participation.delete()
    for investor_id, (lead, commitment) in wanted.items():
        if investor_id not in existing:
            continue
        participation = current.get(investor_id) or Participation(
            round=round_, investor_id=investor_id
        )
        if participation.pk and (participation.lead, participation.commitment) == (
            lead,
            commitment,
        ):
            continue
        participation.lead = lead
        participation.commitment = commitment
        participation._change_reason = reason  # type: ignore[attr-defined]
        participation.full_clean()
        participation.save()


@transaction.atomic
def history_revert(*, record: Any) -> models.Model:
    """Restore the object of a simple_history `record` to that version and return it.

    The revert is itself a change: it gets a new historical record ("Reverted to
    <date>"), so it can be reverted in turn. A Round also gets back the
    investors it had in that version (see _participations_then).
    """
    instance = record.instance
    # simple_history builds the instance as if new; unless the row was deleted
    # since, it is an update, and uniqueness checks must not count the row itself.
    instance._state.adding = not type(instance)._default_manager.filter(pk=instance.pk).exists()
    when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
    instance.full_clean()
    instance._change_reason = f"Reverted to {when}"
    instance.save()
    if isinstance(instance, Round):
        _restore_participations(instance, record)
    return instance
