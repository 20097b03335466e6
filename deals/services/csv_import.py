"""CSV import of rounds: an upload becomes a batch to preview; confirming it writes
every valid row not imported before, each round cited to the file."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from deals.csv_rows import FileRefused, read_file
from deals.models import Article, Citation, ImportBatch, ImportedRow, Round

from .companies import company_get_or_create
from .rounds import InvestorEntry, round_save


def import_upload(*, user: Any, filename: str, data: bytes) -> ImportBatch:
    """A batch for the preview; raises FileRefused for a file that cannot be read."""
    text, rows = read_file(data)
    return ImportBatch.objects.create(user=user, filename=filename[:200], text=text, rows=rows)


def import_confirm(*, batch: ImportBatch, user: Any) -> ImportBatch:
    """Write the batch's valid rows, once: rows whose fingerprint was imported before
    (in any batch) are skipped. All or nothing: a row the round rules refuse rolls the
    whole batch back with its line named."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.confirmed_at is not None:
            return batch
        article = _source_article(batch, user)
        created = skipped = 0
        for row in batch.rows:
            if row["errors"]:
                continue
            if ImportedRow.objects.filter(fingerprint=row["fingerprint"]).exists():
                skipped += 1
                continue
            round_ = _write_round(row)
            Citation.objects.create(article=article, round=round_, sentence=row["text"])
            try:
                with transaction.atomic():
                    ImportedRow.objects.create(
                        fingerprint=row["fingerprint"], batch=batch, round=round_
                    )
            except IntegrityError:
                raise ValidationError(f"Line {row['line']} appears twice in the file.") from None
            created += 1
        batch.confirmed_at = timezone.now()
        batch.created_rounds, batch.skipped_rows = created, skipped
        batch.save(update_fields=["confirmed_at", "created_rounds", "skipped_rows"])
    return batch


def _source_article(batch: ImportBatch, user: Any) -> Article:
    """The file as an article, so every imported fact cites its line of it; the same
    file imported twice is one article (its text hash is unique)."""
    text_hash = hashlib.sha256(batch.text.encode()).hexdigest()
    article, _ = Article.objects.get_or_create(
        text_hash=text_hash,
        defaults={
            "title": f"CSV import: {batch.filename}",
            "publisher": "CSV import",
            "text": batch.text,
            "origin": Article.Origin.UPLOAD,
            "status": Article.Status.REVIEWED,
            "submitted_by": user,
            "fetched_at": timezone.now(),
        },
    )
    return article


def _write_round(row: dict[str, Any]) -> Round:
    company, _ = company_get_or_create(name=row["company"])
    round_ = Round(
        company=company,
        stage=row["stage"],
        status=row["status"],
        amount=_decimal(row["amount"]),
        currency=row["currency"],
        valuation=_decimal(row["valuation"]),
        valuation_currency=row["valuation_currency"],
        announced_on=_day(row["announced"]),
        expected_close_start=_day(row["expected_close_from"]),
        expected_close_end=_day(row["expected_close_to"]),
    )
    entries = [InvestorEntry(investor=None, name=n, lead=True) for n in row["lead_investors"]]
    entries += [InvestorEntry(investor=None, name=n) for n in row["other_investors"]]
    try:
        return round_save(round=round_, investors=entries, reason="CSV import")
    except ValidationError as exc:
        messages = "; ".join(m for ms in exc.message_dict.values() for m in ms)
        raise ValidationError(f"Line {row['line']}: {messages}") from None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


__all__ = ["FileRefused", "import_confirm", "import_upload"]
