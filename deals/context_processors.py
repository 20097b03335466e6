from django.http import HttpRequest

from .page_cache import PageCache
from .permissions import is_editor


def roles(request: HttpRequest) -> dict[str, bool]:
    """Templates hide write controls from those who cannot use them.

    Error pages are rendered with this too, and a request refused before
    AuthenticationMiddleware ran (a Host not allowed, a body too large) has no user.
    """
    return {"can_edit": is_editor(getattr(request, "user", None))}


def csp_nonce(request: HttpRequest) -> dict[str, object]:
    """{% htmx_script %} reads `csp_nonce` (not csp's own `CSP_NONCE`) from the context;
    the nonce stays lazy, so only pages that print a script tag add it to the header."""
    return {"csp_nonce": getattr(request, "csp_nonce", None)}


def page_cache(request: HttpRequest) -> dict[str, PageCache]:
    """`page_cache`: the alias, timeout and versions a `{% cache %}` tag is keyed on."""
    return {"page_cache": PageCache(request)}
