"""Reads of django-simple-history: who changed what, and when."""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

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
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
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
        entries.append(
            HistoryEntry(
                history_id=record.history_id,
                when=record.history_date,
                who=user.get_username() if user else "system",
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


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
