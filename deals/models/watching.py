import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from .companies import Company, Investor
from .milestones import Milestone
from .rounds import Round


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Watch(models.Model):
    """A user following one company, investor or milestone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    investor = models.ForeignKey(
        Investor, null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(company__isnull=False, investor__isnull=True, milestone__isnull=True)
                    | Q(company__isnull=True, investor__isnull=False, milestone__isnull=True)
                    | Q(company__isnull=True, investor__isnull=True, milestone__isnull=False)
                ),
                name="watch_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "company"],
                condition=Q(company__isnull=False),
                name="watch_company_once",
            ),
            models.UniqueConstraint(
                fields=["user", "investor"],
                condition=Q(investor__isnull=False),
                name="watch_investor_once",
            ),
            models.UniqueConstraint(
                fields=["user", "milestone"],
                condition=Q(milestone__isnull=False),
                name="watch_milestone_once",
            ),
        ]
        indexes = [
            # The alert sweep joins watches to due milestones, directly and through companies.
            models.Index(
                fields=["milestone", "user"],
                name="watch_milestone_idx",
                condition=Q(milestone__isnull=False),
            ),
            models.Index(
                fields=["company", "user"],
                name="watch_company_idx",
                condition=Q(company__isnull=False),
            ),
        ]


class AlertPreference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", "Immediately"
        DIGEST = "digest", "Daily digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # The secret in the private calendar and Atom feed URLs; replacing it revokes
    # the old URLs, NULL turns them off.
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, default=new_token
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)


class AlertDelivery(models.Model):
    """One email owed to one user: unique, claimed with a lease, marked sent once."""

    class Kind(models.TextChoices):
        MILESTONE_DUE = "milestone_due", "Watched milestone date passed"
        NEW_ROUND = "new_round", "New round at a watched company"
        RESCHEDULED = "rescheduled", "Watched milestone rescheduled"
        SAVED_SEARCH = "saved_search", "New round matching a saved search"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The saved search a saved_search alert is for (its round: the round that matched).
    saved_search = models.ForeignKey(
        "deals.SavedSearch",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # Distinguishes repeated alerts of one kind (a second reschedule), else "".
    occasion = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "milestone", "occasion"],
                condition=Q(milestone__isnull=False),
                name="delivery_once_per_milestone",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "round"],
                condition=Q(round__isnull=False, saved_search__isnull=True),
                name="delivery_once_per_round",
            ),
            # Two searches matching one round are two alerts, each sent once.
            models.UniqueConstraint(
                fields=["saved_search", "round"],
                condition=Q(saved_search__isnull=False),
                name="delivery_once_per_search_round",
            ),
        ]
        indexes = [
            # Senders and the sweep: unsent rows, oldest first, with their lease.
            models.Index(
                fields=["claimed_until", "id"],
                name="delivery_unsent_idx",
                condition=Q(sent_at__isnull=True),
            ),
        ]
