"""The manager of every fact a reading page shows (companies, investors, rounds,
participations, milestones, citations).

Saves and deletes reach deals.signals one row at a time; a bulk write (a queryset's
update, bulk_create, bulk_update) sends no signal, so it replaces the pages' facts
version here: one place for every bulk write, present and future.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def _facts_changed() -> None:
    # Imported here: the page cache reads settings and the auth models, and model
    # modules load before either is ready.
    from deals.page_cache import facts_changed

    facts_changed()


class FactQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        if rows:
            _facts_changed()
        return rows

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            _facts_changed()
        return created

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            _facts_changed()
        return rows


FactManager = models.Manager.from_queryset(FactQuerySet)
