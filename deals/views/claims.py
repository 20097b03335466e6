"""Editors settle reports that differ: pick one article's version, or keep them apart."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from deals.permissions import editor_required
from deals.selectors.claims import claim_get, round_for_claims
from deals.services.claims import claim_keep_differ, claim_pick
from deals.views.errors import error_text


@editor_required
@require_POST
def round_claim_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """This report's version becomes the round's value; history records who chose it."""
    claim = claim_get(pk=pk)
    if claim is None:
        raise Http404("No such report.")
    try:
        claim_pick(claim=claim, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"The round now uses this report's {claim.field}.")
    return redirect(_claims_anchor(claim.round_id))


@editor_required
@require_POST
def round_claim_keep(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """The round keeps its value and stays marked "reports differ" on this fact."""
    round_ = round_for_claims(pk=pk)
    if round_ is None:
        raise Http404("No such round.")
    try:
        claim_keep_differ(round=round_, field=field, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"Kept “reports differ” on the {field}.")
    return redirect(_claims_anchor(round_.pk))


def _claims_anchor(round_id: int) -> str:
    return reverse("deals:round_detail", kwargs={"pk": round_id}) + "#reports"
