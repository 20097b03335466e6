"""The watch toggle's state: which target, its URL, whether the user watches it
(templates/deals/_watch_button.html renders it)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from deals.selectors.watching import is_watching
from deals.services.watching import watch_kind

register = template.Library()


@register.simple_tag(takes_context=True)
def watch_state(context: template.Context, target: Any) -> dict[str, Any]:
    kind = watch_kind(target)
    # Lists pass the user's watched keys once; a detail page asks for its one target.
    watched = context.get("watched_keys")
    if watched is not None:
        watching = (kind, target.pk) in watched
    else:
        watching = is_watching(user=context.get("user"), kind=kind, pk=target.pk)
    return {
        "kind": kind,
        "pk": target.pk,
        "dom_id": f"watch-{kind}-{target.pk}",
        "url": reverse("deals:watch_toggle", kwargs={"kind": kind, "pk": target.pk}),
        "watching": watching,
        "label": str(target),
    }
