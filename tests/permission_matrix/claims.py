"""Settling reports that differ: editors only, POST only (picking redirects back to
the round page, 302). The sample round gets a claim made here, so sample.py stays
as it is."""

from __future__ import annotations

from typing import Any

from deals.models import RoundClaim

from .entries import Entry


def _claim(s: dict[str, Any]) -> RoundClaim:
    claim, _ = RoundClaim.objects.get_or_create(
        round=s["round"],
        field="status",
        article=s["article"],
        defaults={"value": {"status": "pending"}, "sentence": "Talks are under way."},
    )
    return claim


MATRIX: dict[str, Entry] = {
    "round_claim_pick": Entry(
        kwargs=lambda s: {"pk": _claim(s).pk}, analyst=(403, 403), editor=(405, 302)
    ),
    "round_claim_keep": Entry(
        kwargs=lambda s: {"pk": _claim(s).round_id, "field": "status"},
        analyst=(403, 403),
        editor=(405, 302),
    ),
}
