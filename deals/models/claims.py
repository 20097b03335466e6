"""What each article said about a round, kept side by side when reports differ."""

from django.db import models

from .rounds import Round
from .sources import Article


class ClaimField(models.TextChoices):
    # The facts two reports of one round most often disagree on. Each names the
    # Round fields it sets when an editor picks it (deals.services.claims.CLAIM_FIELDS).
    AMOUNT = "amount", "Amount"
    VALUATION = "valuation", "Valuation"
    STATUS = "status", "Status"
    STAGE = "stage", "Stage"
    LEAD = "lead", "Lead investors"


class RoundClaim(models.Model):
    """One article's version of one fact of a round, with the sentence that said it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="claims")
    field = models.CharField(max_length=20, choices=ClaimField.choices)
    # The Round field values this report gives, as text (decimals as strings).
    value = models.JSONField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="round_claims")
    sentence = models.TextField(blank=True)
    reported_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "id"]
        constraints = [
            # An article says one thing about a fact of a round: ingesting or
            # accepting it again must not add a second vote.
            models.UniqueConstraint(
                fields=["round", "field", "article"], name="one_claim_per_article_field"
            )
        ]
        # The round page's claims: served by the unique constraint's index (round first).

    def __str__(self) -> str:
        return f"{self.article} on {self.field} of {self.round}"
