import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from deals.health import check_broker, check_database, check_workers


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """No login: compose healthchecks and monitors call it. `?workers=0` skips the
    worker ping, for the web container's own healthcheck."""
    checks = [check_database(), check_broker()]
    if request.GET.get("workers") != "0":
        checks.append(check_workers())
    ok = all(c.ok for c in checks)
    body: dict[str, object] = {"status": "ok" if ok else "degraded"}
    body.update({c.name: {"ok": c.ok, "detail": c.detail} for c in checks})
    return JsonResponse(body, status=200 if ok else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage anywhere in the stack reads as 503, not 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "30"})
    return HttpResponse(render_to_string("500.html"), status=500)
