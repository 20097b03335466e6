"""CSV import of rounds, for editors: upload, preview with each row's errors and name
matches, confirm. Nothing is written to the facts before the confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from deals.forms_import import UploadForm
from deals.permissions import editor_required
from deals.selectors.imports import import_batch
from deals.services.csv_import import FileRefused, import_confirm, import_upload


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_upload(user=request.user, filename=upload.name, data=upload.read())
        except FileRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("deals:import_preview", pk=batch.pk)
    return render(request, "deals/import_new.html", {"form": form})


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = import_batch(pk=pk, user=request.user)
    if batch is None:
        raise Http404("No such import of yours.")
    if request.method == "POST":
        try:
            batch = import_confirm(batch=batch, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Imported {batch.created_rounds} round{'s' if batch.created_rounds != 1 else ''}"
                f"; {batch.skipped_rows} row(s) were already imported.",
            )
        return redirect("deals:import_preview", pk=batch.pk)
    valid = [r for r in batch.rows if not r["errors"]]
    context = {"batch": batch, "valid": len(valid), "invalid": len(batch.rows) - len(valid)}
    return render(request, "deals/import_preview.html", context)
