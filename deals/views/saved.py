"""Saved searches: every signed-in user keeps their own; another user's is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from deals import feeds
from deals.forms_saved import SavedSearchCreateForm, SavedSearchForm
from deals.models import SavedSearch
from deals.selectors import saved as selectors
from deals.selectors.watching import feed_token
from deals.services import saved as services
from deals.views.errors import add_service_errors


def _own(request: HttpRequest, pk: int) -> SavedSearch:
    search = selectors.saved_search_get(user=request.user, pk=pk)
    if search is None:
        raise Http404("No such saved search.")
    return search


def _list_page(
    request: HttpRequest, *, create_form: SavedSearchCreateForm | None = None, status: int = 200
) -> HttpResponse:
    token = feed_token(user=request.user)
    rows = [
        {
            "search": s,
            "form": SavedSearchForm(initial={"name": s.name, "email": s.email}, prefix=f"s{s.pk}"),
            "feed_url": feeds.rounds_feed_url(filters=QueryDict(s.query), token=token),
            "errors": selectors.query_errors(s.query),
        }
        for s in selectors.saved_searches_for(user=request.user)
    ]
    context = {"rows": rows, "create_form": create_form, "feed_keyed": bool(token)}
    return render(request, "deals/saved_list.html", context, status=status)


@login_required
@require_safe
def saved_search_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchCreateForm(request.POST)
    if form.is_valid():
        try:
            search = services.saved_search_create(
                user=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                email=form.cleaned_data["email"] or SavedSearch.Email.OFF,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved “{search.name}”.")
            return redirect("deals:saved_search_list")
    return _list_page(request, create_form=form, status=400)


@login_required
@require_safe
def saved_search_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the search's rounds list; what was new until now stops being new."""
    search = services.saved_search_visit(search=_own(request, pk))
    url = reverse("deals:round_list")
    return redirect(f"{url}?{search.query}" if search.query else url)


@login_required
@require_POST
def saved_search_edit(request: HttpRequest, pk: int) -> HttpResponse:
    search = _own(request, pk)
    form = SavedSearchForm(request.POST, prefix=f"s{search.pk}")
    if form.is_valid():
        try:
            services.saved_search_update(
                search=search, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, f"Saved “{search.name}”.")
    return redirect("deals:saved_search_list")


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = _own(request, pk)
    services.saved_search_delete(search=search)
    messages.success(request, f"Deleted “{search.name}”.")
    return redirect("deals:saved_search_list")
