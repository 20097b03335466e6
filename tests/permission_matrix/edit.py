"""Editing: editors only. An empty POST re-renders the form with its errors (200);
fragments are GET-only; an empty POST to a revert performs it (302)."""

from .entries import LOGIN, Entry  # noqa: F401

EDITOR_FORM = {"analyst": (403, 403), "editor": (200, 200)}
EDITOR_FRAGMENT = {"analyst": (403, 403), "editor": (200, None)}

MATRIX: dict[str, Entry] = {
    "company_create": Entry(**EDITOR_FORM),
    "company_edit": Entry(kwargs=lambda s: {"slug": s["company"].slug}, **EDITOR_FORM),
    "investor_create": Entry(**EDITOR_FORM),
    "investor_edit": Entry(kwargs=lambda s: {"slug": s["investor"].slug}, **EDITOR_FORM),
    "investor_autocomplete": Entry(**EDITOR_FRAGMENT),
    "round_create": Entry(**EDITOR_FORM),
    "round_edit": Entry(kwargs=lambda s: {"pk": s["round"].pk}, **EDITOR_FORM),
    # Without ?index= the row cannot be numbered.
    "round_investor_row": Entry(analyst=(403, 403), editor=(400, None)),
    # Actions on a prospective investor: POST only, then back to the round page.
    "participation_confirm": Entry(
        kwargs=lambda s: {"pk": s["prospect"].pk}, analyst=(403, 403), editor=(405, 302)
    ),
    "participation_drop": Entry(
        kwargs=lambda s: {"pk": s["prospect"].pk}, analyst=(403, 403), editor=(405, 302)
    ),
    "milestone_create": Entry(**EDITOR_FORM),
    "milestone_edit": Entry(kwargs=lambda s: {"pk": s["milestone"].pk}, **EDITOR_FORM),
    "history_revert": Entry(
        kwargs=lambda s: {
            "model": "company",
            "history_id": s["company"].history.earliest().history_id,
        },
        analyst=(403, 403),
        editor=(200, 302),
    ),
}
