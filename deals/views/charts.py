"""The charts' and co-investor tables' context, for the pages that show them.

Shown inside each page's cached fragment ({% cache %}), so the aggregates run once
per facts version and day, not per request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from deals import charts, page_cache
from deals.selectors import charts as chart_reads


def funding_context(*, today: dt.date, heading: str, **scope: Any) -> dict[str, Any]:
    series = page_cache.kept(
        f"funding:{sorted(scope.items())}",
        lambda: chart_reads.funding_by_month(today=today, **scope),
    )
    return {"series": series, "chart": charts.funding_chart(series), "heading": heading}


# Lazy, as the pages' other selectors: the queries run only when the cached fragment
# that shows them is rendered, once per facts version and day.


def dashboard_charts(*, today: dt.date) -> dict[str, Any]:
    countries = SimpleLazyObject(
        lambda: page_cache.kept("countries", lambda: chart_reads.rounds_by_country(today=today))
    )
    return {
        "funding": SimpleLazyObject(
            lambda: funding_context(today=today, heading="Funding over time")
        ),
        "countries": countries,
        "country_chart": SimpleLazyObject(lambda: charts.country_chart(list(countries))),
        "chart_months": chart_reads.CHART_MONTHS,
    }


def company_charts(*, today: dt.date, company_id: int) -> dict[str, Any]:
    return {
        "funding": SimpleLazyObject(
            lambda: funding_context(today=today, heading="Funding over time", company_id=company_id)
        ),
        "network": SimpleLazyObject(
            lambda: page_cache.kept(
                f"network:{company_id}", lambda: chart_reads.company_network(company_id=company_id)
            )
        ),
    }


def investor_charts(*, today: dt.date, investor_id: int) -> dict[str, Any]:
    return {
        "funding": SimpleLazyObject(
            lambda: funding_context(
                today=today, heading="Rounds joined over time", investor_id=investor_id
            )
        ),
        "co_investors": SimpleLazyObject(
            lambda: page_cache.kept(
                f"co-investors:{investor_id}",
                lambda: chart_reads.co_investors(investor_id=investor_id),
            )
        ),
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
    context = {
        "sector": sector,
        "rounds": rounds,
        "funding": SimpleLazyObject(
            lambda: funding_context(today=today, heading="Funding over time", sector=sector)
        ),
    }
    return render(request, "deals/charts_sector.html", context)
