"""Reads of django-simple-history: who changed what, and when."""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import get_object_or_404

EMPTY = "—"
MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    history_id: int
    when: datetime
    who: str
    action: str  # "created", "changed" or "deleted"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    # What the change was to, when a list mixes several objects (a round's investors).
    subject: str = ""


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def history_changes(*, obj: models.Model, limit: int = 10) -> list[HistoryEntry]:
    """The last `limit` changes of `obj`, newest first, each diffed against the one before.

    One query: the records come with their users, and one extra record is read so
    that the oldest change shown still has something to be diffed against.
    """
    history: Any = obj.history  # type: ignore[attr-defined]  # simple_history adds it
    records = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(obj)
    return [
        _entry(model, record, records[index + 1] if index + 1 < len(records) else None)
        for index, record in enumerate(records[:limit])
    ]


def round_investor_history(*, round_id: int, limit: int = 10) -> list[HistoryEntry]:
    """The last `limit` changes to a round's investors (added, lead, confirmed, dropped),
    newest first, each naming its investor.

    One query: every record of the round's participations, oldest first, so each is
    diffed against the one before it of the same participation (a round has a few
    investors, each changed a few times).
    """
    from deals.models import Participation

    history: Any = Participation.history  # type: ignore[attr-defined]
    records = history.filter(round_id=round_id).select_related("history_user", "investor")
    previous: dict[int, Any] = {}
    entries = []
    for record in records.order_by("history_date", "history_id"):
        investor = record.investor  # None once the investor itself was deleted
        subject = investor.name if investor is not None else f"Investor {record.investor_id}"
        entries.append(_entry(Participation, record, previous.get(record.id), subject=subject))
        previous[record.id] = record
    return entries[::-1][:limit]


def _entry(
    model: type[models.Model], record: Any, previous: Any, *, subject: str = ""
) -> HistoryEntry:
    changes: list[FieldChange] = []
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        changes = [
            FieldChange(
                field=_label(model, change.field),
                old=_display(model, change.field, change.old),
                new=_display(model, change.field, change.new),
            )
            for change in delta.changes
        ]
    user = record.history_user
    return HistoryEntry(
        history_id=record.history_id,
        when=record.history_date,
        who=user.get_username() if user else "system",
        action=ACTIONS.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
        changes=changes,
        subject=subject,
    )


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # a field removed since the record was written
        return name


def _display(model: type[models.Model], name: str, value: Any) -> str:
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, list | tuple):
        # JSON lists (a company's aliases) read as the names they hold.
        text = ", ".join(v if isinstance(v, str) else json.dumps(v) for v in value)
    elif isinstance(value, Hashable):
        try:
            choices = dict(getattr(model._meta.get_field(name), "flatchoices", ()))
        except FieldDoesNotExist:
            choices = {}
        text = str(choices.get(value, value))
    else:  # a JSON object; choices are never keyed by one
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return text


def history_record(*, model: type[models.Model], history_id: int) -> Any:
    """One historical version of a `model` row, or Http404."""
    history: Any = model.history  # type: ignore[attr-defined]  # simple_history adds it
    return get_object_or_404(history.model, history_id=history_id)


def revert_changes(*, record: Any) -> list[Any]:
    """What reverting to `record` would change: the newest version diffed against it."""
    history: Any = type(record.instance).history  # type: ignore[attr-defined]
    latest = history.filter(id=record.id).order_by("-history_date", "-history_id").first()
    return [] if latest == record else list(latest.diff_against(record).changes)
