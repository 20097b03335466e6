"""CSV downloads of the rounds lists, as filtered."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from deals.selectors.export import csv_lines


@login_required
@require_safe
def round_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every round the rounds list shows for this query string (filters and sort, no
    page), as CSV: streamed, so the download starts at once and memory stays flat."""
    site = f"{request.scheme}://{request.get_host()}"
    response = StreamingHttpResponse(
        csv_lines(filters=request.GET, site=site), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="fundtracker-rounds-{stamp}.csv"'
    return response
