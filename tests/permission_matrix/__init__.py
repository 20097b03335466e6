"""Who may do what on every URL: one module per deals/urls module.

Each module defines MATRIX: {url name: Entry}. An Entry gives sample kwargs to
reverse the URL, and the status each role gets for GET and POST:
anonymous users are redirected to login (302) on every protected URL; analysts
read (200) but get 403 on any write; editors may write. Use None where a
method is not served (405 expected) and "skip" only for URLs whose sample
needs data a generic walk cannot make (say why in `why`).
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .browse import MATRIX as BROWSE
from .charts import MATRIX as CHARTS
from .claims import MATRIX as CLAIMS
from .edit import MATRIX as EDIT
from .entries import Entry
from .imports import MATRIX as IMPORTS
from .merge import MATRIX as MERGE
from .review import MATRIX as REVIEW
from .saved import MATRIX as SAVED
from .watch import MATRIX as WATCH

MATRIX: dict[str, Entry] = {
    **BROWSE,
    **CHARTS,
    **CLAIMS,
    **EDIT,
    **IMPORTS,
    **MERGE,
    **REVIEW,
    **SAVED,
    **WATCH,
}


def deals_url_names() -> set[str]:
    """The names of every URL pattern in the `deals` namespace, read from the URL conf."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "deals" and p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns, None)
    return names


def readable_urls(role: str, sample: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, path) of every URL in the URL conf that `role` may GET (200 in the
    matrix), its kwargs filled from `sample`. What it answers (a page, a feed, a
    fragment) is for the caller to find out; a URL without an entry raises KeyError."""
    urls = []
    for name in sorted(deals_url_names()):
        entry = MATRIX[name]
        if entry.why != "skip" and getattr(entry, role)[0] == 200:
            urls.append((name, reverse(f"deals:{name}", kwargs=entry.kwargs(sample))))
    return urls
