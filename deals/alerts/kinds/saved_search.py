"""A new round matches a saved search whose owner asked to be emailed.

Rows are queued in the round's own transaction (deals.services.rounds.round_save),
one per (search, round): the delivery_once_per_search_round constraint makes a
second queueing of the same pair a no-op. Each search chooses its own delivery
(immediately or in the daily digest), whatever the user's watch alerts use; see
deals.alerts.delivery.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse

from deals.alerts.kinds.base import AlertKind, round_context
from deals.emails import absolute
from deals.filters import RoundFilter
from deals.models import AlertDelivery, Round, SavedSearch


def _context(delivery: AlertDelivery) -> dict[str, Any]:
    ctx = round_context(delivery)
    search = delivery.saved_search
    if search is not None:
        ctx["search"] = search
        ctx["searches_url"] = absolute(reverse("deals:saved_search_list"))
        ctx["search_url"] = absolute(reverse("deals:saved_search_open", kwargs={"pk": search.pk}))
        # The query is stored already reduced to the filter fields (deals.services.saved).
        feed = reverse("deals:rounds_feed")
        ctx["feed_url"] = absolute(f"{feed}?{search.query}" if search.query else feed)
    return ctx


def _title(delivery: AlertDelivery, round_: Round) -> str:
    search = delivery.saved_search.name if delivery.saved_search else "saved search"
    return f"{search}: {round_.company.name} – {round_.get_stage_display()}"


def _obsolete(delivery: AlertDelivery) -> bool:
    # Email turned off after the row was queued: the owner no longer wants it.
    search = delivery.saved_search
    return search is None or search.email == SavedSearch.Email.OFF


KIND = AlertKind(
    value=AlertDelivery.Kind.SAVED_SEARCH,
    about="round",
    context=_context,
    title=_title,
    obsolete=_obsolete,
)


def matches(*, search: SavedSearch, round_pk: int) -> bool:
    """Whether the round is in the search's list. A query that no longer validates
    (a filter value the form refuses) matches nothing rather than everything."""
    filterset = RoundFilter(data=QueryDict(search.query))
    if not filterset.is_valid():
        return False
    return filterset.filter_queryset(Round.objects.filter(pk=round_pk)).exists()


def saved_search_alerts(*, round: Round) -> list[int]:
    """Queue a saved_search alert for every emailing search of a reachable user that
    the round matches; return the new rows' ids.

    One EXISTS query per emailing search: bounded by how many searches email, not by
    how many rounds there are (the round's id narrows each to one row).
    """
    searches = (
        SavedSearch.objects.exclude(email=SavedSearch.Email.OFF)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(Q(user__alert_preference__unsubscribed_at__isnull=False))
    )
    matched = [s for s in searches if matches(search=s, round_pk=round.pk)]
    if not matched:
        return []
    already = set(
        AlertDelivery.objects.filter(round=round, saved_search__in=matched).values_list(
            "pk", flat=True
        )
    )
    rows = [
        AlertDelivery(user_id=s.user_id, kind=KIND.value, round=round, saved_search=s)
        for s in matched
    ]
    # The unique (saved_search, round) index is what makes this once-only, also
    # against a concurrent writer: a conflicting row is skipped, not an error.
    AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = AlertDelivery.objects.filter(round=round, saved_search__in=matched).values_list(
        "pk", flat=True
    )
    return sorted(set(ids) - already)
