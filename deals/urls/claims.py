"""Editors: settling reports of a round that differ."""

from django.urls import path

from deals.views import claims

urlpatterns = [
    path("claims/<int:pk>/pick/", claims.round_claim_pick, name="round_claim_pick"),
    path(
        "rounds/<int:pk>/claims/<slug:field>/keep/",
        claims.round_claim_keep,
        name="round_claim_keep",
    ),
]
