"""Editors only: what ingest proposes becomes a fact only through an editor."""

from .entries import LOGIN, Entry

EDITORS_ONLY = {"anonymous": (LOGIN, LOGIN), "analyst": (403, 403)}


def _article(s):
    return {"pk": s["article"].pk}


def _proposal(s):
    return {"pk": s["proposal"].pk}


def _feed(s):
    return {"pk": s["feed"].pk}


MATRIX: dict[str, Entry] = {
    # Pages: an empty POST re-renders the form with its errors.
    "article_list": Entry(**EDITORS_ONLY, editor=(200, 405)),
    "article_new": Entry(**EDITORS_ONLY, editor=(200, 200)),
    "article_detail": Entry(kwargs=_article, **EDITORS_ONLY, editor=(200, 405)),
    "feed_list": Entry(**EDITORS_ONLY, editor=(200, 200)),
    # Actions: POST only, then back to the page (302).
    "article_retry": Entry(kwargs=_article, **EDITORS_ONLY, editor=(405, 302)),
    "proposal_accept": Entry(kwargs=_proposal, **EDITORS_ONLY, editor=(405, 302)),
    "proposal_reject": Entry(kwargs=_proposal, **EDITORS_ONLY, editor=(405, 302)),
    "proposal_merge": Entry(kwargs=_proposal, **EDITORS_ONLY, editor=(405, 302)),
    "feed_poll": Entry(kwargs=_feed, **EDITORS_ONLY, editor=(405, 302)),
    # Edit then accept: the form (GET), re-rendered with errors on an empty POST.
    "proposal_edit": Entry(kwargs=_proposal, **EDITORS_ONLY, editor=(200, 200)),
}
