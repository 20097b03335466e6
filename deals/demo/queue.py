"""Articles the demo ingests and leaves for review, so the Articles page has a queue.

Real, widely reported financings written up as short news pieces. Two report a
round already in the demo data (OpenAI's SoftBank-led round while still in
talks, Helsing's Series C), so their proposals show the "same round reported
again" match; the others are new to the demo (Klarna's IPO, H2 Green Steel's
euro debt). Nothing here is accepted: an editor logging in decides.
"""

from __future__ import annotations

import datetime as dt

from .spec import DemoArticle


def _at(y: int, m: int, d: int, hour: int) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=dt.UTC)


QUEUE = (
    DemoArticle(
        filename="openai-softbank-talks.txt",
        url="https://www.marketsbrief.example/business/openai-nears-40-billion-round-softbank",
        title="OpenAI Nears $40 Billion Funding Round Led by SoftBank",
        published_at=_at(2025, 3, 26, 16),
        fetched_at=_at(2025, 3, 26, 18),
    ),
    DemoArticle(
        filename="klarna-ipo.txt",
        url="https://www.marketsbrief.example/markets/klarna-prices-ipo-above-range",
        title="Klarna Prices IPO Above Range, Raising $1.37 Billion Ahead of NYSE Debut",
        published_at=_at(2025, 9, 9, 23),
        fetched_at=_at(2025, 9, 9, 23),
    ),
    DemoArticle(
        filename="h2-green-steel-debt.txt",
        url="https://www.nordicindustry.example/energy/h2-green-steel-secures-4-2-billion-debt",
        title="H2 Green Steel Secures €4.2 Billion in Debt for Swedish Green Steel Plant",
        published_at=_at(2024, 1, 22, 7),
        fetched_at=_at(2024, 1, 22, 9),
    ),
    DemoArticle(
        filename="helsing-series-c.txt",
        url="https://www.techledger.example/defence/helsing-raises-450-million-series-c",
        title="Defence AI Company Helsing Raises €450 Million Series C Led by General Catalyst",
        published_at=_at(2024, 7, 11, 6),
        fetched_at=_at(2024, 7, 11, 8),
    ),
)
