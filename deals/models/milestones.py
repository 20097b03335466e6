import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import MilestoneKind, MilestoneStatus, Precision
from .companies import Company
from .facts import FactManager
from .rounds import Round
from .rules import Errors, range_errors


class Milestone(models.Model):
    objects = FactManager()
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="milestones")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=20, choices=MilestoneKind.choices, default=MilestoneKind.OTHER
    )
    # A fuzzy date ("June", "Q3 2027") is kept as the range it covers and its precision.
    date_start = models.DateField()
    date_end = models.DateField()
    precision = models.CharField(max_length=10, choices=Precision.choices, default=Precision.DAY)
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.UPCOMING
    )
    outcome_note = models.TextField(blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    # The track record (selectors.record): the day it happened, with an "occurred"
    # outcome, against the end of the range first promised (a reschedule moves
    # date_end, not this), so a plan kept only after rescheduling counts as late.
    occurred_on = models.DateField(null=True, blank=True)
    promised_end = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["date_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_start__lte=F("date_end")), name="milestone_range_ordered"
            ),
        ]
        indexes = [
            # "What to watch" and the alert sweep: milestones without an outcome, by end date.
            models.Index(
                fields=["date_end", "id"],
                name="milestone_open_end_idx",
                condition=Q(status="upcoming"),
            ),
            # A company's timeline.
            models.Index(fields=["company", "date_start"], name="milestone_company_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.promised_end is None:
            self.promised_end = self.date_end
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("deals:milestone_detail", kwargs={"pk": self.pk})

    @staticmethod
    def field_errors(
        *,
        date_start: dt.date | None,
        date_end: dt.date | None,
        company_id: int | None = None,
        round: Round | None = None,
    ) -> Errors:
        """Field -> messages: the range in order, the round one of the company's."""
        errors = range_errors(date_start, date_end, field="date_end")
        if round is not None and company_id is not None and round.company_id != company_id:
            errors["round"] = ["This round belongs to another company."]
        return errors

    def errors(self) -> Errors:
        return Milestone.field_errors(
            date_start=self.date_start,
            date_end=self.date_end,
            company_id=self.company_id,
            round=self.round if self.round_id else None,
        )
