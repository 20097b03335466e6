"""CSV import: editors only. An empty upload re-renders the form (200); a batch is its
uploader's alone, so the sample's (another user's) is 404 even to an editor."""

from .entries import Entry

MATRIX: dict[str, Entry] = {
    "import_new": Entry(analyst=(403, 403), editor=(200, 200)),
    "import_preview": Entry(
        kwargs=lambda s: {"pk": s["import_batch"].pk}, analyst=(403, 403), editor=(404, 404)
    ),
}
