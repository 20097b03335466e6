"""Atom feeds: new rounds (optionally filtered like the rounds list) and a user's alerts.

Feed readers cannot sign in, so both also answer to ?key=<private feed token>
(see deals.views.watch); the views decide who the reader is, these only render.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from deals.alerts import kind_for
from deals.emails import absolute
from deals.filters import RoundFilter
from deals.models import AlertDelivery, Round
from deals.selectors.watching import alerts_sent
from deals.templatetags.deal_format import round_amount
from deals.text import strip_control_characters

FEED_SIZE = 50


def _without_controls(value: Any) -> Any:
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(_without_controls(v) for v in value)
    return value


class ControlFreeAtom1Feed(Atom1Feed):
    """Atom that never fails on a control character in a row stored before the forms
    refused them: XML 1.0 cannot carry one, and the whole feed would answer 500."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            *map(_without_controls, args),
            **{k: _without_controls(v) for k, v in kwargs.items()},
        )

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(
            *map(_without_controls, args),
            **{k: _without_controls(v) for k, v in kwargs.items()},
        )


def rounds_feed_url(*, filters: QueryDict, token: str | None) -> str:
    """The absolute address of the rounds feed with the rounds list's `filters` (the
    filter fields only: not the page cursor), keyed for feed readers when a private
    `token` is given."""
    params = QueryDict(mutable=True)
    for name in RoundFilter.base_filters:
        values = [v for v in filters.getlist(name) if v]
        if values:
            params.setlist(name, values)
    if token:
        params["key"] = token
    query = params.urlencode()
    return absolute(reverse("deals:rounds_feed")) + (f"?{query}" if query else "")


def _midnight(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class RoundsFeed(Feed):
    feed_type = ControlFreeAtom1Feed
    title = "FundTracker: new funding rounds"
    subtitle = "Rounds as they are added, newest announcement first."

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpRequest:
        return request

    def link(self, request: HttpRequest) -> str:
        # The same query string on the rounds list shows the same rounds.
        params = request.GET.copy()
        params.pop("key", None)
        query = params.urlencode()
        return reverse("deals:round_list") + (f"?{query}" if query else "")

    def items(self, request: HttpRequest) -> list[Round]:
        # RoundFilter ignores parameters it does not know, ?key= among them.
        qs = RoundFilter(data=request.GET, queryset=Round.objects.select_related("company")).qs
        # Served by round_announced_idx (announced_on DESC, id DESC).
        return list(qs.order_by("-announced_on", "-id")[:FEED_SIZE])

    def item_title(self, item: Round) -> str:
        amount = round_amount(item)
        return f"{item.company.name}: {item.get_stage_display()}" + (
            f", {amount}" if amount else ""
        )

    def item_description(self, item: Round) -> str:
        parts = [f"{item.get_status_display()} {item.get_stage_display()} round"]
        if item.announced_on:
            parts.append(f"announced {item.announced_on:%d %B %Y}")
        return ", ".join(parts) + "."

    def item_link(self, item: Round) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Round) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Round) -> dt.datetime:
        return _midnight(item.announced_on) or item.created_at

    def item_updateddate(self, item: Round) -> dt.datetime:
        return item.updated_at


class AlertsFeed(Feed):
    feed_type = ControlFreeAtom1Feed
    title = "FundTracker: my alerts"
    subtitle = "Every alert email sent to you, newest first."

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return request.feed_user  # type: ignore[attr-defined]

    def link(self, user: Any) -> str:
        return reverse("deals:watchlist")

    def items(self, user: Any) -> list[AlertDelivery]:
        return alerts_sent(user=user, limit=FEED_SIZE)

    def item_title(self, item: AlertDelivery) -> str:
        return kind_for(item.kind).feed_title(item)

    def item_description(self, item: AlertDelivery) -> str:
        return (
            f"{item.get_kind_display()}; emailed {timezone.localtime(item.sent_at):%d %B %Y %H:%M}."
        )

    def item_link(self, item: AlertDelivery) -> str:
        return kind_for(item.kind).link(item)

    def item_guid(self, item: AlertDelivery) -> str:
        # One entry per delivery row, the same row the email was sent from.
        return f"urn:fundtracker:alert:{item.pk}"

    def item_guid_is_permalink(self, item: AlertDelivery) -> bool:
        return False

    def item_pubdate(self, item: AlertDelivery) -> dt.datetime | None:
        return item.sent_at
