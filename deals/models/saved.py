"""Saved searches: a user's named rounds-list query string."""

from django.conf import settings
from django.db import models


class SavedSearch(models.Model):
    """A rounds list filter kept under a name, with when its owner last opened it."""

    class Email(models.TextChoices):
        OFF = "off", "No email"
        IMMEDIATE = "immediate", "Immediately"
        DIGEST = "digest", "In the daily digest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    # The rounds list's filter fields only, url-encoded and sorted (deals.services.saved).
    query = models.CharField(max_length=1000, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.OFF)
    created_at = models.DateTimeField(auto_now_add=True)
    # "New since your last visit" counts rounds created after this.
    last_visited_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_once"),
        ]
        indexes = [
            # The alert queue reads the searches that email, newest rounds first.
            models.Index(
                fields=["email"],
                name="saved_search_emailing_idx",
                condition=~models.Q(email="off"),
            ),
        ]

    def __str__(self) -> str:
        return self.name
