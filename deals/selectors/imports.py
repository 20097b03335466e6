"""Reads of CSV import batches: an editor sees only their own uploads."""

from __future__ import annotations

from typing import Any

from deals.models import ImportBatch


def import_batch(*, pk: int, user: Any) -> ImportBatch | None:
    return ImportBatch.objects.filter(pk=pk, user=user).first()
