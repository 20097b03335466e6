from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    """A user's key to the read-only API (`Authorization: Bearer ft_...`).

    Only a SHA-256 of the key is kept: the key is shown once, when it is made, and a
    leaked table gives no key. `prefix` (its first characters) lets the user tell their
    keys apart on the preferences page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The preferences page: a user's live keys.
            models.Index(
                fields=["user", "created_at"],
                name="api_token_live_idx",
                condition=Q(revoked_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
