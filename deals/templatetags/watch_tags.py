"""The watch toggle: which target, its URL, whether the user watches it, and its form."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from deals.selectors.watching import is_watching
from deals.services.watching import watch_kind

register = template.Library()

PK_MARKER = "9876543210"


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
        "url": _toggle_url(kind, target.pk),
        "watching": watching,
        "label": str(target),
    }


@register.simple_tag(takes_context=True)
def watch_button(context: template.Context, target: Any) -> SafeString:
    """The toggle's form (deals/_watch_button.html). Built here, not in a template: on
    "what to watch" a hundred rows each rendered it, and the template cost more than
    the rest of the row. Posts back to the page (`next`, or the request's path)."""
    w = watch_state(context, target)
    request = context.get("request")
    next_url = context.get("next") or (request.get_full_path() if request else "")
    return format_html(
        '<form id="{dom_id}" class="watch-toggle" method="post" action="{url}" hx-post="{url}"'
        ' hx-target="#{dom_id}" hx-swap="outerHTML">\n  {csrf}\n'
        '  <input type="hidden" name="next" value="{next}">\n'
        '  <button type="submit" class="btn small{primary}" aria-pressed="{pressed}"'
        ' title="{verb} {label}">{text}</button>\n</form>',
        dom_id=w["dom_id"],
        url=w["url"],
        csrf=CsrfTokenNode().render(context),
        next=next_url,
        primary=" primary" if w["watching"] else "",
        pressed="true" if w["watching"] else "false",
        verb="Stop watching" if w["watching"] else "Watch",
        label=w["label"],
        text="★ Watching" if w["watching"] else "☆ Watch",
    )


def _toggle_url(kind: str, pk: int) -> str:
    # One reverse() per kind, not per row: string formatting around the id.
    before, after = _toggle_url_around(get_script_prefix(), settings.ROOT_URLCONF, kind)
    return f"{before}{pk}{after}"


@lru_cache(maxsize=16)
def _toggle_url_around(prefix: str, urlconf: str, kind: str) -> tuple[str, str]:
    url = reverse("deals:watch_toggle", kwargs={"kind": kind, "pk": PK_MARKER})
    before, _, after = url.rpartition(PK_MARKER)
    return before, after
