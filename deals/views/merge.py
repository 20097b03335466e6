"""Editors: merge a duplicate company or investor into another, or delete one.

Merging is two steps on one URL: pick the record to keep (likely duplicates are
offered, or search by name), then a preview of what moves and a POST that merges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from deals.forms_merge import MergeForm
from deals.models import Company, Investor
from deals.permissions import editor_required
from deals.selectors import lookups
from deals.selectors.duplicates import (
    Attached,
    company_attached,
    investor_attached,
    merge_candidates,
)
from deals.services import merging
from deals.views.errors import error_text


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[Company] | type[Investor]
    attached: Callable[..., Attached]
    merge: Callable[..., Any]
    delete: Callable[..., None]


COMPANY = Kind("company", Company, company_attached, merging.company_merge, merging.company_delete)
INVESTOR = Kind(
    "investor",
    Investor,
    investor_attached,
    merging.investor_merge,
    merging.investor_delete,
)


def _merge_page(request: HttpRequest, kind: Kind, slug: str) -> HttpResponse:
    duplicate = cast("Company | Investor", lookups.record_or_404(model=kind.model, slug=slug))
    data = request.POST if request.method == "POST" else request.GET
    # A GET without ?into= is the first step: nothing chosen yet, so no error either.
    bound = request.method == "POST" or "into" in data
    form = MergeForm(data if bound else None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["into"]
        try:
            kept = kind.merge(duplicate=duplicate, keep=keep)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Merged {duplicate.name} ({duplicate.slug}) into {kept.name}."
            )
            return redirect(kept.get_absolute_url())
    keep = form.cleaned_data.get("into") if form.is_bound and form.is_valid() else None
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    context = {
        "kind": kind,
        "duplicate": duplicate,
        "form": form,
        "keep": keep,
        "q": q,
        "candidates": [] if keep else merge_candidates(record=duplicate, q=q),
        "moving": kind.attached(**{kind.name: duplicate}),
        "kept_has": kind.attached(**{kind.name: keep}) if keep else None,
    }
    return render(request, "deals/merge.html", context)


def _delete_page(request: HttpRequest, kind: Kind, slug: str) -> HttpResponse:
    obj = cast("Company | Investor", lookups.record_or_404(model=kind.model, slug=slug))
    error = ""
    if request.method == "POST":
        try:
            kind.delete(**{kind.name: obj})
        except ValidationError as exc:
            error = error_text(exc)
        else:
            messages.success(request, f"Deleted {obj.name}.")
            return redirect(reverse(f"deals:{kind.name}_list"))
    context = {"kind": kind, "obj": obj, "attached": kind.attached(**{kind.name: obj})}
    return render(request, "deals/delete_confirm.html", context | {"error": error})


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_merge(request: HttpRequest, slug: str) -> HttpResponse:
    return _merge_page(request, COMPANY, slug)


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def investor_merge(request: HttpRequest, slug: str) -> HttpResponse:
    return _merge_page(request, INVESTOR, slug)


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_delete(request: HttpRequest, slug: str) -> HttpResponse:
    return _delete_page(request, COMPANY, slug)


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def investor_delete(request: HttpRequest, slug: str) -> HttpResponse:
    return _delete_page(request, INVESTOR, slug)
