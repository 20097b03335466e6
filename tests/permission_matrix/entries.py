from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Status codes by role, for GET and POST. "login" means a redirect to the login page.
LOGIN = "login"


@dataclass(frozen=True)
class Entry:
    # Builds the URL kwargs from the fixture data (see tests/test_permissions.py `sample`).
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda s: {})
    anonymous: tuple[Any, Any] = (LOGIN, LOGIN)
    analyst: tuple[Any, Any] = (200, 403)
    editor: tuple[Any, Any] = (200, 200)
    why: str = ""
