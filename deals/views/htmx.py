from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """What django-htmx's middleware adds to every request, for type checkers."""

    htmx: HtmxDetails


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX swap gets the fragment; a history restore after a cache miss wants the
    whole page back, as does a plain request."""
    htmx: HtmxDetails = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.history_restore_request
