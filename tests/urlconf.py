"""Every URL pattern of the site, read from the URL conf, and a path to request for each.

The walks over every URL (permissions, CSRF, bad bytes) use this, so a new view is
covered the day it is added. Product URLs are reversed with the sample objects their
permission matrix entry names; the others (login, admin) get "1" for each argument.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.urls import get_resolver, reverse

from .permission_matrix import MATRIX

ARGUMENT = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Route:
    namespace: str
    name: str | None
    template: str  # "/companies/<slug:slug>/edit/"
    view: Callable[..., Any]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if not self.name:
            return self.template
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    def path(self, sample: dict[str, Any], *, argument: str = "1") -> str:
        if self.namespace == "deals" and self.name:
            return reverse(f"deals:{self.name}", kwargs=MATRIX[self.name].kwargs(sample))
        return ARGUMENT.sub(argument, self.template)

    def path_with_nul(self, sample: dict[str, Any]) -> str:
        """The path with a NUL inside an argument the view reads, or in its last segment."""
        if self.namespace == "deals" and self.name:
            path = self.path(sample)
            for value in MATRIX[self.name].kwargs(sample).values():
                if isinstance(value, str) and f"/{value}" in path:
                    return path.replace(f"/{value}", f"/{value}%00", 1)
            return path.rstrip("/") + "%00/"
        if ARGUMENT.search(self.template):
            return self.path(sample, argument="1%00")
        return self.template.rstrip("/") + "%00/"


def routes() -> list[Route]:
    found: dict[str, Route] = {}
    for view, regex, namespace, name in extract_views_from_urlpatterns(get_resolver().url_patterns):
        ns = ":".join(namespace) if isinstance(namespace, list | tuple) else (namespace or "")
        template = simplify_regex(regex)
        found.setdefault(template, Route(namespace=ns, name=name, template=template, view=view))
    return sorted(found.values(), key=lambda r: r.template)
