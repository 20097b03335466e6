"""Everyone: watching, what to watch, alert preferences, calendar and feeds.

The calendar, the feeds (with ?key=) and unsubscribe answer without a login:
calendar apps, feed readers and mail clients cannot sign in. Each is keyed by
a secret (a random feed token, or a signed unsubscribe token) and a wrong
secret is 404, so nothing tells a guesser what exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from deals import emails, feeds
from deals.calendar import calendar_text
from deals.forms_watch import OutcomeForm, PreferenceForm, WhatToWatchForm
from deals.models import Company, Investor, Milestone
from deals.permissions import editor_required
from deals.selectors import lookups
from deals.selectors import watching as selectors
from deals.selectors.api_tokens import live_api_tokens
from deals.services import watching as services
from deals.services.api_tokens import api_token_create, api_token_revoke
from deals.services.outcomes import milestone_record_outcome
from deals.views.htmx import HtmxHttpRequest, wants_fragment


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
@require_safe
@vary_on_headers("HX-Request")
def what_to_watch(request: HttpRequest) -> HttpResponse:
    form = WhatToWatchForm(request.GET)
    form.is_valid()
    # A bad value drops only its own filter (shown with its error), not the others.
    data: dict[str, Any] = form.cleaned_data
    company = data.get("company")

    page = SimpleLazyObject(
        lambda: selectors.what_to_watch_milestones(
            user=request.user,
            days=data.get("days", selectors.DEFAULT_DAYS),
            watched_only=bool(data.get("watched")),
            kind=data.get("kind") or "",
            company=company,
            sort=data.get("sort") or "",
        )
    )
    context = {
        "form": form,
        "page": page,
        "company": company,
        "filter_errors": [e for errors in form.errors.values() for e in errors],
        "watched_keys": SimpleLazyObject(lambda: selectors.watched_keys(user=request.user)),
    }
    template = "deals/what_to_watch.html"
    if wants_fragment(request):
        template += "#watch-results"
    return render(request, template, context)


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def milestone_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = lookups.milestone_with_company(pk=pk)
    form = OutcomeForm(request.POST or None)
    recorded = False
    if request.method == "POST" and form.is_valid():
        try:
            milestone = milestone_record_outcome(
                milestone=milestone,
                status=form.cleaned_data["status"],
                user=request.user,
                new_start=form.cleaned_data["new_start"],
                new_end=form.cleaned_data["new_end"],
                precision=form.cleaned_data["precision"] or None,
                note=form.cleaned_data["note"],
                occurred_on=form.cleaned_data["occurred_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            recorded = True
            if not wants_fragment(request):
                messages.success(request, f"Outcome recorded for “{milestone.title}”.")
                return redirect(_next_url(request, reverse("deals:what_to_watch")))
            milestone = lookups.milestone_with_company(pk=milestone.pk)
            form = OutcomeForm()
    context = {
        "milestone": milestone,
        "outcome_form": form,
        "recorded": recorded,
        # In a what-to-watch row: the form until an outcome is recorded.
        "outcome_open": not recorded,
        "next_url": request.POST.get("next") or request.GET.get("next", ""),
        "watched_keys": selectors.watched_keys(user=request.user),
    }
    if wants_fragment(request):
        return render(request, "deals/what_to_watch.html#milestone-row", context)
    return render(request, "deals/milestone_outcome.html", context)


@login_required
@require_safe
def watchlist(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "deals/watchlist.html",
        {
            "watchlist": selectors.watchlist(user=request.user),
            "watched_keys": selectors.watched_keys(user=request.user),
        },
    )


@login_required
@require_POST
def watch_toggle(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    model = services.WATCH_KINDS.get(kind)
    if model is None:
        raise Http404("Nothing of that kind can be watched.")
    target: Company | Investor | Milestone = lookups.record_or_404(model=model, pk=pk)
    watching = services.watch_toggle(user=request.user, target=target)
    if request.htmx:
        return render(
            request,
            "deals/_watch_button.html",
            {"target": target, "watched_keys": None},
        )
    messages.success(request, f"{'Watching' if watching else 'No longer watching'} {target}.")
    return redirect(_next_url(request, reverse("deals:watchlist")))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    pref = services.alert_preference_get(user=user)
    form = PreferenceForm(instance=pref)
    if request.method == "POST":
        action = request.POST.get("action", "mode")
        if action == "regenerate":
            services.feed_token_regenerate(user=user)
            messages.success(request, "New private feed address made; the old one stopped working.")
            return redirect("deals:preferences")
        if action == "revoke":
            services.feed_token_revoke(user=user)
            messages.success(request, "Private feed addresses turned off.")
            return redirect("deals:preferences")
        if action == "resubscribe":
            services.alerts_resubscribe(user=user)
            messages.success(request, "Alert emails are on again.")
            return redirect("deals:preferences")
        if action in ("api_token_create", "api_token_revoke"):
            return _api_token_action(request, action)
        if action == "unsubscribe":
            services.alerts_unsubscribe(user=user)
            messages.success(request, "Alert emails are off.")
            return redirect("deals:preferences")
        form = PreferenceForm(request.POST, instance=pref)
        if form.is_valid():
            services.alert_preference_set_mode(user=user, mode=form.cleaned_data["mode"])
            messages.success(request, "Alert preferences saved.")
            return redirect("deals:preferences")
    pref.refresh_from_db()
    token = pref.calendar_token
    context = {
        "form": form,
        "pref": pref,
        "calendar_url": emails.absolute(reverse("deals:calendar_feed", kwargs={"token": token}))
        if token
        else "",
        "rounds_feed_url": f"{emails.absolute(reverse('deals:rounds_feed'))}?key={token}"
        if token
        else "",
        "alerts_feed_url": f"{emails.absolute(reverse('deals:alerts_feed'))}?key={token}"
        if token
        else "",
        "api_tokens": live_api_tokens(user=user),
        "new_api_key": request.session.pop("new_api_key", None),
    }
    return render(request, "deals/preferences.html", context)


def _api_token_action(request: HttpRequest, action: str) -> HttpResponse:
    if action == "api_token_revoke":
        pk = request.POST.get("token", "")
        if pk.isdigit() and api_token_revoke(user=request.user, pk=int(pk)):
            messages.success(request, "API key revoked: requests with it are refused from now on.")
        else:
            messages.error(request, "No such key of yours to revoke.")
        return redirect("deals:preferences")
    try:
        _token, key = api_token_create(user=request.user, name=request.POST.get("name", ""))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect("deals:preferences")
    # Shown once, on the next page, then gone: only its hash is stored.
    request.session["new_api_key"] = key
    return redirect("deals:preferences")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    pref = selectors.preference_for_token(token=token)
    if pref is None or not pref.user.is_active:
        raise Http404("No such calendar.")
    milestones = selectors.watched_milestones(user=pref.user).order_by("date_end", "id")
    response = HttpResponse(
        calendar_text(milestones=milestones, name="FundTracker: watched milestones"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="fundtracker.ics"'
    # The URL is the secret: keep it out of shared caches.
    response["Cache-Control"] = "private, max-age=300"
    return response


@csrf_exempt  # the signed token is the authority; RFC 8058 one-click POSTs carry no CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = emails.user_from_unsubscribe_token(token=token)
    if user is None:
        raise Http404("This unsubscribe link is not valid.")
    done = False
    if request.method == "POST":
        # GET only shows a button: link scanners in mail systems fetch every link.
        services.alerts_unsubscribe(user=user)
        done = True
    return render(request, "deals/unsubscribe_done.html", {"done": done, "token": token})


def _feed_user(request: HttpRequest) -> Any | None:
    """The user a feed is for: ?key=<private feed token>, else the signed-in user."""
    key = request.GET.get("key")
    if key is not None:
        pref = selectors.preference_for_token(token=key)
        if pref is None or not pref.user.is_active:
            raise Http404("No such feed.")
        return pref.user
    return request.user if request.user.is_authenticated else None


@require_safe
def rounds_feed(request: HttpRequest) -> HttpResponse:
    user = _feed_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    return feeds.RoundsFeed()(request)


@require_safe
def alerts_feed(request: HttpRequest) -> HttpResponse:
    user = _feed_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    request.feed_user = user  # type: ignore[attr-defined]
    return feeds.AlertsFeed()(request)
