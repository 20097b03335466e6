"""A publication's track record: how its dated claims turned out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from deals.selectors.record import source_record


@login_required
@require_safe
def source_detail(request: HttpRequest, domain: str) -> HttpResponse:
    found = source_record(domain=domain.lower()[:200], today=timezone.localdate())
    if found is None:
        raise Http404("No dated plan on file cites this source.")
    return render(request, "deals/source_detail.html", {"source": found})
