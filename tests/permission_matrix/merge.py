"""Merging and deleting: editors only. An empty POST to a merge re-renders the form
with its error (200); the sample company and investor have rounds, so a delete is
refused and the confirmation re-rendered with why (200)."""

from .entries import LOGIN, Entry

EDITORS_ONLY = {"anonymous": (LOGIN, LOGIN), "analyst": (403, 403), "editor": (200, 200)}

MATRIX: dict[str, Entry] = {
    "company_merge": Entry(kwargs=lambda s: {"slug": s["company"].slug}, **EDITORS_ONLY),
    "company_delete": Entry(kwargs=lambda s: {"slug": s["company"].slug}, **EDITORS_ONLY),
    "investor_merge": Entry(kwargs=lambda s: {"slug": s["investor"].slug}, **EDITORS_ONLY),
    "investor_delete": Entry(kwargs=lambda s: {"slug": s["investor"].slug}, **EDITORS_ONLY),
}
