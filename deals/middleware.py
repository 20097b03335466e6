from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.views.defaults import page_not_found

NUL = "\x00"


def _holds_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in data.lists())


class RejectNullCharactersMiddleware:
    """A NUL in the path, a query parameter or a form value is a 400 before any view runs.

    PostgreSQL cannot store or even compare text holding NUL, so one reaching a
    query (a feed ?key=, ?company= on a form) was a 500; no person types one, and
    checking here covers every view, present and future, instead of each lookup.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or _holds_nul(request.GET) or self._body_holds_nul(request):
            html = render_to_string("400.html", {"reason": "Null characters are not allowed."})
            return HttpResponseBadRequest(html)
        return self.get_response(request)

    @staticmethod
    def _body_holds_nul(request: HttpRequest) -> bool:
        if request.method != "POST":
            return False
        # Reading the form here parses it once, as CsrfViewMiddleware would; a body over
        # DATA_UPLOAD_MAX_MEMORY_SIZE raises RequestDataTooBig, answered with the 400 page.
        return _holds_nul(request.POST) or any(
            NUL in (upload.name or "")
            for _field, uploads in request.FILES.lists()
            for upload in uploads
        )


class DatabaseUnavailableMiddleware:
    """While PostgreSQL is down or restarting, answer with a plain 503 page instead
    of a traceback; Django reconnects by itself on the next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            html = render_to_string("503.html")
            response = HttpResponse(html, status=503)
            response["Retry-After"] = "30"
            return response
        return None


class SiteNotFoundMiddleware:
    """Under DEBUG (the quickstart) Django answers a 404 with its debug page, which lists
    the URL patterns; a new user should meet the site's own 404 page there as in
    production. Inside CommonMiddleware, so a missing slash still redirects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:
            # An unknown address never reaches a view, so process_exception cannot see it.
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
