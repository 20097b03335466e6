"""Two reports of one round that disagree, written for these tests (not eval articles).

The wire story has the round at 5 billion yuan, valuing the company at more than
35 billion yuan; the business paper, two days later, has 6 billion yuan and a
$4.5 billion valuation,
and names another lead investor, with the wire's lead only taking part.
"""

from __future__ import annotations

import datetime as dt

from deals.ingest import pipeline, store
from deals.models import Article

WIRE = (
    "Qinghe Microsystems raises 5 billion yuan in Series C\n\n"
    "HEFEI, Dec 3 (Example Wire) - Qinghe Microsystems Co., Ltd., a Hefei-based maker "
    "of power chips for electric vehicles, has raised 5 billion yuan in a Series C round "
    "led by Larchmont Capital, the company said on Thursday.\n\n"
    "The round values Qinghe at more than 35 billion yuan, according to a person "
    "familiar with the matter. Qinghe plans to use the money to expand its wafer plant."
)
LEDGER = (
    "Qinghe Microsystems closes larger Series C\n\n"
    "Qinghe Microsystems Co., Ltd. said it raised 6 billion yuan in its Series C "
    "financing led by Peakwater Partners, with participation from Larchmont Capital, "
    "valuing the chipmaker at $4.5 billion.\n\n"
    "The company supplies silicon carbide modules to three carmakers and expects "
    "revenue to double next year."
)
WIRE_DAY = dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)
LEDGER_DAY = dt.datetime(2026, 12, 5, 7, tzinfo=dt.UTC)


def ingest(text: str, *, title: str, publisher: str, published_at: dt.datetime) -> Article:
    """Paste the text as an editor would and run the whole pipeline on it.

    The publisher is the one fact a pasted text cannot carry, so it is set on the
    article before ingest, as the fetch stage would for a page.
    """
    article, _ = store.article_get_or_create(
        origin="paste", text=text, title=title, published_at=published_at
    )
    Article.objects.filter(pk=article.pk).update(publisher=publisher)
    kept = pipeline.ingest_article(article.pk)
    result = Article.objects.get(pk=kept)
    assert result.status == Article.Status.EXTRACTED, result.failure_reason
    return result
