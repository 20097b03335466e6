from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    """An uploaded CSV of rounds, checked and waiting for an editor to confirm it.

    `rows` holds each row's values, errors and name matches (deals/csv_rows.py), so
    the preview survives a reload and the confirm POST carries only this batch's id;
    nothing is written to the facts until it is confirmed.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    filename = models.CharField(max_length=200)
    text = models.TextField()
    rows = models.JSONField(default=list)
    file_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_rounds = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class ImportedRow(models.Model):
    """A row already imported, by its fingerprint: importing it again creates nothing."""

    fingerprint = models.CharField(max_length=64)
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="imported")
    round = models.ForeignKey(
        "deals.Round", null=True, on_delete=models.SET_NULL, related_name="imported_rows"
    )

    class Meta:
        constraints = [
            # Idempotent re-import: two confirms racing cannot both write the row.
            models.UniqueConstraint(fields=["fingerprint"], name="imported_row_once"),
        ]
