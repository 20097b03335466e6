"""The charts' and co-investor tables' context, for the pages that show them.

Called inside each page's cached body (page_cache.fragment), so the aggregates run
once per facts version, not per request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from deals import charts, page_cache
from deals.selectors import charts as chart_reads


def funding_context(*, today: dt.date, heading: str, **scope: Any) -> dict[str, Any]:
    series = chart_reads.funding_by_month(today=today, **scope)
    return {"series": series, "chart": charts.funding_chart(series), "heading": heading}


def dashboard_charts(*, today: dt.date) -> dict[str, Any]:
    countries = chart_reads.rounds_by_country(today=today)
    return {
        "funding": funding_context(today=today, heading="Funding over time"),
        "countries": countries,
        "country_chart": charts.country_chart(countries),
        "chart_months": chart_reads.CHART_MONTHS,
    }


def company_charts(*, today: dt.date, company_id: int) -> dict[str, Any]:
    return {
        "funding": funding_context(today=today, heading="Funding over time", company_id=company_id),
        "network": chart_reads.company_network(company_id=company_id),
    }


def investor_charts(*, today: dt.date, investor_id: int) -> dict[str, Any]:
    return {
        "funding": funding_context(
            today=today, heading="Rounds joined over time", investor_id=investor_id
        ),
        "co_investors": chart_reads.co_investors(investor_id=investor_id),
    }


@login_required
@require_safe
def sector_detail(request: HttpRequest, sector: str) -> HttpResponse:
    """A sector's funding chart and latest rounds; the sector is the companies' own text."""
    sector = sector.replace("\x00", "")  # PostgreSQL refuses NUL in a parameter (a 500)
    rounds = chart_reads.sector_rounds(sector=sector)
    if rounds is None:
        raise Http404("No company has this sector.")
    today = timezone.localdate()

    def render_body(extra: dict[str, Any]) -> str:
        context = {
            "sector": sector,
            "rounds": rounds,
            "funding": funding_context(today=today, heading="Funding over time", sector=sector),
        }
        return render_to_string("deals/charts_sector.html#sector-body", context | extra, request)

    body = page_cache.fragment(request, "sector", render_body)
    return render(request, "deals/charts_sector.html", {"sector": sector, "body": body})
