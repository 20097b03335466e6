from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import Commitment, Qualifier, RoundStatus, Stage, UsdSource, ValuationBasis
from .companies import Company, Investor
from .facts import FactManager
from .rules import Errors, merge_errors, money_errors, range_errors

# What a source reports about a round, in the order forms show it. The round form,
# the proposal edit form, proposal_fields and acceptance (create and merge) all read
# this list: a new fact of a round is a model field added here, and nowhere else.
ROUND_FIELDS = (
    "stage",
    "status",
    "amount",
    "currency",
    "amount_qualifier",
    "amount_usd",
    "valuation",
    "valuation_currency",
    "valuation_basis",
    "valuation_qualifier",
    "announced_on",
    "expected_close_start",
    "expected_close_end",
)
# What only an editor records: the round form shows these after ROUND_FIELDS.
ROUND_EDITOR_FIELDS = ("closed_on", "notes")


class Round(models.Model):
    objects = FactManager()
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="rounds")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.UNKNOWN)
    status = models.CharField(
        max_length=20, choices=RoundStatus.choices, default=RoundStatus.COMPLETED
    )

    amount = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 code")
    amount_qualifier = models.CharField(
        max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    amount_usd = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    amount_usd_source = models.CharField(max_length=10, choices=UsdSource.choices, blank=True)

    valuation = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    valuation_currency = models.CharField(max_length=3, blank=True)
    valuation_basis = models.CharField(
        max_length=10, choices=ValuationBasis.choices, default=ValuationBasis.UNKNOWN
    )
    valuation_qualifier = models.CharField(
        max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )

    announced_on = models.DateField(null=True, blank=True)
    expected_close_start = models.DateField(null=True, blank=True)
    expected_close_end = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # Facts (ClaimField names) whose reports differ and no editor has settled, or
    # an editor chose to leave as "reports differ"; the company timeline marks these.
    # JSON, not an array: the quickstart's SQLite has no arrays.
    reports_differ = models.JSONField(default=list, blank=True)

    investors = models.ManyToManyField(Investor, through="Participation", related_name="rounds")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-announced_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="round_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_usd__isnull=True) | Q(amount_usd__gte=0),
                name="round_amount_usd_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(valuation__isnull=True) | Q(valuation__gte=0),
                name="round_valuation_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="round_amount_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(valuation__isnull=True) | ~Q(valuation_currency=""),
                name="round_valuation_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(expected_close_start__isnull=True)
                | Q(expected_close_end__isnull=True)
                | Q(expected_close_start__lte=F("expected_close_end")),
                name="round_expected_close_ordered",
            ),
        ]
        indexes = [
            # The rounds list and the dashboard: newest first, keyset on (announced_on, id).
            models.Index(fields=["-announced_on", "-id"], name="round_announced_idx"),
            # A company's timeline.
            models.Index(fields=["company", "-announced_on"], name="round_company_idx"),
            # Common rounds-list filters.
            models.Index(fields=["stage", "-announced_on"], name="round_stage_idx"),
            models.Index(fields=["status", "-announced_on"], name="round_status_idx"),
            # Amount range filter and "largest rounds" sort.
            models.Index(fields=["amount_usd"], name="round_amount_usd_idx"),
            # Saved searches' "new since your last visit": a range of recent rows.
            models.Index(fields=["created_at"], name="round_created_idx"),
            # PostgreSQL-only indexes (a NULLS LAST order for investor portfolios, a
            # covering index for the dashboard totals) live in migration 0003.
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("deals:round_detail", kwargs={"pk": self.pk})

    @staticmethod
    def field_errors(values: Mapping[str, Any], *, typed: bool = False) -> Errors:
        """Field -> messages for these values (a form's cleaned data, or a round's own via
        `errors()`); `typed` as in rules.money_errors."""
        return merge_errors(
            money_errors(values, typed=typed),
            range_errors(
                values.get("expected_close_start"),
                values.get("expected_close_end"),
                field="expected_close_end",
                message="The expected close range ends before it starts.",
            ),
        )

    def errors(self) -> Errors:
        return Round.field_errors({f: getattr(self, f) for f in ROUND_FIELDS})


class Participation(models.Model):
    objects = FactManager()
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    investor = models.ForeignKey(Investor, on_delete=models.PROTECT, related_name="participations")
    lead = models.BooleanField(default=False)
    # An investor the source says is only in talks or considering is recorded, but is
    # not an investor yet (see Commitment). db_default too: bulk COPYs name no column.
    commitment = models.CharField(
        max_length=12,
        choices=Commitment.choices,
        default=Commitment.CONFIRMED,
        db_default=Commitment.CONFIRMED,
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "investor"], name="one_participation_per_round"
            )
        ]
        indexes = [
            # An investor's portfolio page.
            models.Index(fields=["investor", "round"], name="participation_investor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.investor} in {self.round}"

    @property
    def is_confirmed(self) -> bool:
        return self.commitment == Commitment.CONFIRMED
