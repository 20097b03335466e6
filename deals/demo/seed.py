"""The seed story: DeepSeek's ~50 billion yuan round with CATL in talks.

Every fact of it cites its sentence in the article shipped beside this module
(articles/deepseek-catl.txt), so the demo shows where facts come from.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .spec import D, DemoMilestone, DemoRound, month

ARTICLE_PATH = Path(__file__).parent / "articles" / "deepseek-catl.txt"
ARTICLE_URL = (
    "https://www.marketsbrief.example/business/"
    "catl-considers-stake-in-deepseek-amid-7-4-billion-ai-funding-push"
)
ARTICLE_TITLE = "CATL Considers Stake in DeepSeek Amid $7.4 Billion AI Funding Push"
ARTICLE_PUBLISHER = "Markets Brief"
# The page says "3 hrs ago" and was fetched at 09:00 UTC.
ARTICLE_PUBLISHED_AT = dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.UTC)
ARTICLE_FETCHED_AT = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)

JUNE_2027 = month(2027, 6)

ROUND = DemoRound(
    company="deepseek",
    stage="unknown",
    status="pending",
    announced_on=dt.date(2026, 11, 28),
    amount=D("50000000000"),
    currency="CNY",
    amount_qualifier="about",
    amount_usd=D("7360000000"),
    valuation=D("350000000000"),
    valuation_currency="CNY",
    valuation_qualifier="above",
    expected_close=(JUNE_2027.start, JUNE_2027.end),
    notes="CATL is in talks to invest; the round may close by June.",
    investors=(("catl", False),),
)

MILESTONES = (
    DemoMilestone("deepseek", "V4.1 model release", "product_release", JUNE_2027),
    DemoMilestone(
        "deepseek",
        "Funding round close",
        "funding_close",
        JUNE_2027,
        round_announced_on=ROUND.announced_on,
    ),
)

# The article writes "50 billion" with a narrow no-break space (U+202F); quotes are exact.
SENTENCE_AMOUNT = (
    "DeepSeek’s funding round targets about 50\u202fbillion yuan, equivalent to roughly "
    "$7.36\u202fbillion, and may close by June."
)
SENTENCE_VALUATION = (
    "If the round succeeds, the startup’s valuation could exceed 350\u202fbillion yuan, "
    "or about $48\u202fbillion."
)
SENTENCE_CATL = (
    "CATL, China’s top battery producer, is in talks to invest in AI startup DeepSeek "
    "as the company seeks roughly $7.4\u202fbillion in fresh capital."
)
SENTENCE_V41 = (
    "The company plans to release V4.1 in June to shorten its update cycle toward industry norms."
)

# What each fact cites: ("round" | "participation:<investor>" | "milestone:<title>", sentence).
CITATIONS = (
    ("round", SENTENCE_AMOUNT),
    ("round", SENTENCE_VALUATION),
    ("participation:catl", SENTENCE_CATL),
    ("milestone:V4.1 model release", SENTENCE_V41),
    ("milestone:Funding round close", SENTENCE_AMOUNT),
)
