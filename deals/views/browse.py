"""Reading pages for analysts and editors. Every page: login, GET/HEAD only.

Pages that HTMX updates in place answer with the whole page or only the swapped
fragment, from one URL (`request.htmx`), and vary their caching on HX-Request.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from deals import feeds, page_cache, selectors
from deals.filters import RoundFilter
from deals.selectors.autocomplete import company_autocomplete as companies_matching
from deals.selectors.duplicates import company_redirect_target, investor_redirect_target
from deals.selectors.history import history_changes
from deals.selectors.watching import feed_token
from deals.views.charts import company_charts, dashboard_charts, investor_charts
from deals.views.htmx import wants_fragment

MAX_PAGE = 1_000_000


# The dashboard previews "what to watch"; rendering 30 overdue and 30 coming
# milestones cost more than the rest of the page (the full list has its own page).
DASHBOARD_WATCH_LIMIT = 10


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    # Capped: a 30-digit page number would overflow PostgreSQL's OFFSET (a 500).
    return min(max(int(raw), 1), MAX_PAGE) if raw.isdigit() else 1


def _query_text(request: HttpRequest) -> str:
    # PostgreSQL refuses NUL in any string parameter; nobody searches for one.
    return request.GET.get("q", "").replace("\x00", "").strip()


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()

    def render_body(extra: dict[str, Any]) -> str:
        context = {
            "latest_rounds": selectors.rounds_latest(limit=10),
            "watch": selectors.milestones_to_watch(today=today, limit=DASHBOARD_WATCH_LIMIT),
            "totals": selectors.raised_totals(today=today),
            "today": today,
        } | dashboard_charts(today=today)
        return render_to_string("deals/dashboard.html#dashboard-body", context | extra, request)

    body = page_cache.fragment(request, "dashboard", render_body)
    return render(request, "deals/dashboard.html", {"body": body})


@login_required
@require_safe
@vary_on_headers("HX-Request")
def round_list(request: HttpRequest) -> HttpResponse:
    round_filter = RoundFilter(data=request.GET)

    def render_table(extra: dict[str, Any]) -> str:
        page = selectors.round_list(
            filterset=round_filter,
            sort=request.GET.get("sort", ""),
            after=request.GET.get("after"),
        )
        context = {"page": page} | extra
        return render_to_string("deals/round_list.html#rounds-table", context, request)

    table = page_cache.fragment(request, "rounds", render_table)
    # Outside the cached table: the feed address carries the user's private key.
    token = feed_token(user=request.user)
    subscribe = {
        "feed_url": feeds.rounds_feed_url(filters=request.GET, token=token),
        "feed_keyed": bool(token),
    }
    if wants_fragment(request):
        # The filters changed: the subscribe address follows them, out of band.
        oob = render_to_string(
            "deals/round_list.html#rounds-subscribe", subscribe | {"oob": True}, request
        )
        return HttpResponse(table + oob)
    fields = _round_filter_fields(
        tuple((name, tuple(request.GET.getlist(name))) for name in round_filter.filters)
    )
    context = {"filter_fields": fields, "table": table} | subscribe
    return render(request, "deals/round_list.html", context)


# The filter form's fields are a pure function of the query string (their choices are
# fixed enums, no facts from the database), and rendering a dozen widgets through
# templates cost more than the table's SQL: rendered once per distinct query string.
@lru_cache(maxsize=256)
def _round_filter_fields(data: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    query = QueryDict(mutable=True)
    for name, values in data:
        if values:
            query.setlist(name, list(values))
    form = RoundFilter(data=query).form
    return render_to_string("deals/round_list.html#filter-fields", {"form": form})


@login_required
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(pk=pk)
    if round_ is None:
        raise Http404("No such round.")
    return render(
        request,
        "deals/round_detail.html",
        {"round": round_, "history": history_changes(obj=round_)},
    )


@login_required
@require_safe
@vary_on_headers("HX-Request")
def company_list(request: HttpRequest) -> HttpResponse:
    q = _query_text(request)
    page = selectors.company_list(q=q, page=_page_number(request))
    template = "deals/company_list.html"
    if wants_fragment(request):
        template += "#companies-table"
    return render(request, template, {"page": page, "q": q})


@login_required
@require_safe
def company_autocomplete(request: HttpRequest) -> HttpResponse:
    """Companies matching what is typed, as the <datalist> of a company name input.

    The input sends its own value under its own name; ?field= says which (as the
    round form's investor inputs do with deals:investor_autocomplete).
    """
    q = request.GET.get("q") or request.GET.get(request.GET.get("field", ""), "")
    q = q.replace("\x00", "")  # PostgreSQL refuses NUL in a query parameter (a 500)
    context = {"records": companies_matching(q=q), "list_id": "company-options"}
    return render(request, "deals/_name_options.html", context)


@login_required
@require_safe
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = selectors.company_get(slug=slug)
    if company is None:
        merged_into = company_redirect_target(slug=slug)
        if merged_into is None:
            raise Http404("No such company.")
        return redirect(merged_into, permanent=True)
    today = timezone.localdate()

    def render_body(extra: dict[str, Any]) -> str:
        profile = selectors.company_profile(company=company, today=today)
        charts = company_charts(today=today, company_id=company.pk)
        context = {"company": company, "profile": profile} | charts | extra
        return render_to_string("deals/company_detail.html#company-body", context, request)

    body = page_cache.fragment(request, "company", render_body)
    return render(request, "deals/company_detail.html", {"company": company, "body": body})


@login_required
@require_safe
@vary_on_headers("HX-Request")
def investor_list(request: HttpRequest) -> HttpResponse:
    q = _query_text(request)
    page = selectors.investor_list(q=q, page=_page_number(request))
    template = "deals/investor_list.html"
    if wants_fragment(request):
        template += "#investors-table"
    return render(request, template, {"page": page, "q": q})


@login_required
@require_safe
def investor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    investor = selectors.investor_get(slug=slug)
    if investor is None:
        merged_into = investor_redirect_target(slug=slug)
        if merged_into is None:
            raise Http404("No such investor.")
        return redirect(merged_into, permanent=True)

    def render_body(extra: dict[str, Any]) -> str:
        portfolio = selectors.investor_portfolio(investor=investor)
        charts = investor_charts(today=timezone.localdate(), investor_id=investor.pk)
        context = {"investor": investor, "portfolio": portfolio} | charts | extra
        return render_to_string("deals/investor_detail.html#investor-body", context, request)

    body = page_cache.fragment(request, "investor", render_body)
    return render(request, "deals/investor_detail.html", {"investor": investor, "body": body})


@login_required
@require_safe
def milestone_detail(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_get(pk=pk)
    if milestone is None:
        raise Http404("No such milestone.")
    return render(
        request,
        "deals/milestone_detail.html",
        {"milestone": milestone, "history": history_changes(obj=milestone)},
    )


@login_required
@require_safe
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    results = selectors.name_search(q=_query_text(request))
    template = "deals/search.html"
    if wants_fragment(request):
        template += "#search-results"
    return render(request, template, {"results": results})
