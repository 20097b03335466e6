"""Roles: analysts read, editors read and write, staff also get the admin."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

ANALYST = "analyst"
EDITOR = "editor"
ROLES = (ANALYST, EDITOR)


def role_group(name: str) -> Group:
    """The group of a role. The roles migration makes both; a flushed database
    (transactional tests) or a restored dump may lack them, so make on demand."""
    if name not in ROLES:
        raise ValueError(f"Unknown role {name!r}; roles are {', '.join(ROLES)}.")
    return Group.objects.get_or_create(name=name)[0]


def is_editor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: templates ask this on every row of a page.
    cached = getattr(user, "_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name=EDITOR).exists()
        user._is_editor = cached
    return cached


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; signed-in non-editors get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_editor(request.user):
            raise PermissionDenied("Editors only.")
        return view(request, *args, **kwargs)

    return wrapper
