"""Reading pages for analysts and editors. Every page: login, GET/HEAD only.

Pages that HTMX updates in place answer with the whole page or only the swapped
fragment, from one URL (`request.htmx`), and vary their caching on HX-Request.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from deals import feeds, selectors
from deals.filters import RoundFilter
from deals.selectors.autocomplete import company_autocomplete as companies_matching
from deals.selectors.claims import round_differing_reports
from deals.selectors.duplicates import company_redirect_target, investor_redirect_target
from deals.selectors.history import history_changes
from deals.selectors.record import company_record
from deals.selectors.saved import dashboard_saved_searches
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
    # Lazy: the template's cached fragment reads them only when it is not in the cache.
    context = {
        "latest_rounds": SimpleLazyObject(lambda: selectors.rounds_latest(limit=10)),
        "watch": SimpleLazyObject(
            lambda: selectors.milestones_to_watch(today=today, limit=DASHBOARD_WATCH_LIMIT)
        ),
        "totals": SimpleLazyObject(lambda: selectors.raised_totals(today=today)),
        "today": today,
    } | dashboard_charts(today=today)
    # Outside the cached fragment: the user's own searches, their counts cached apart.
    saved_counts, saved_total = dashboard_saved_searches(user=request.user)
    context |= {"saved_counts": saved_counts, "saved_total": saved_total}
    return render(request, "deals/dashboard.html", context)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def round_list(request: HttpRequest) -> HttpResponse:
    round_filter = RoundFilter(data=request.GET)
    page = SimpleLazyObject(
        lambda: selectors.round_list(
            filterset=round_filter,
            sort=request.GET.get("sort", ""),
            after=request.GET.get("after"),
        )
    )
    # Outside the cached table: the feed address carries the user's private key.
    token = feed_token(user=request.user)
    context = {
        "page": page,
        "feed_url": feeds.rounds_feed_url(filters=request.GET, token=token),
        "feed_keyed": bool(token),
    }
    if wants_fragment(request):
        # The filters changed: the table, and the subscribe address out of band.
        return render(request, "deals/round_list.html#rounds-swap", context | {"oob": True})
    return render(request, "deals/round_list.html", context | {"filter_form": round_filter.form})


@login_required
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(pk=pk)
    if round_ is None:
        raise Http404("No such round.")
    return render(
        request,
        "deals/round_detail.html",
        {
            "round": round_,
            "history": history_changes(obj=round_),
            "differing": round_differing_reports(round=round_),
        },
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
    profile = SimpleLazyObject(lambda: selectors.company_profile(company=company, today=today))
    record = SimpleLazyObject(lambda: company_record(company_id=company.pk, today=today))
    context = {"company": company, "profile": profile, "record": record} | company_charts(
        today=today, company_id=company.pk
    )
    return render(request, "deals/company_detail.html", context)


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
    portfolio = SimpleLazyObject(lambda: selectors.investor_portfolio(investor=investor))
    context = {"investor": investor, "portfolio": portfolio} | investor_charts(
        today=timezone.localdate(), investor_id=investor.pk
    )
    return render(request, "deals/investor_detail.html", context)


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
    query = _query_text(request)
    # Lazy: the cached results fragment runs the search only when it is not kept.
    results = SimpleLazyObject(lambda: selectors.name_search(q=query))
    template = "deals/search.html"
    if wants_fragment(request):
        template += "#search-results"
    return render(request, template, {"results": results, "query": query})
