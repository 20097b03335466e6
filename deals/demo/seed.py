"""The seed story: DeepSeek's ~50 billion yuan round with CATL in talks.

The story is loaded the way an editor would record it: the article shipped
beside this module (articles/deepseek-catl.txt) goes through article ingest, and
its proposals are accepted. What follows is what the story says, which the
accepted records must show; where the extractor reads a fact differently, the
loader corrects it with the editor's overrides (see deals/demo/ingest.py).
"""

from __future__ import annotations

import datetime as dt

from .spec import D, DemoArticle, DemoMilestone, DemoRound, month

ARTICLE = DemoArticle(
    filename="deepseek-catl.txt",
    url=(
        "https://www.marketsbrief.example/business/"
        "catl-considers-stake-in-deepseek-amid-7-4-billion-ai-funding-push"
    ),
    title="CATL Considers Stake in DeepSeek Amid $7.4 Billion AI Funding Push",
    # The page says "3 hrs ago" and was fetched at 09:00 UTC.
    published_at=dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.UTC),
    fetched_at=dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC),
)

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
    investors=(("catl", False),),
    # "CATL ... is in talks to invest", under the headline "CATL Considers Stake":
    # CATL has not invested, and the demo shows it as considering.
    commitments=(("catl", "considering"),),
)

# Matched to the proposals by kind; the round close is linked to ROUND.
RELEASE = DemoMilestone("deepseek", "V4.1 model release", "product_release", JUNE_2027)
ROUND_CLOSE = DemoMilestone(
    "deepseek",
    "Funding round close",
    "funding_close",
    JUNE_2027,
    round_announced_on=ROUND.announced_on,
)
MILESTONES = (RELEASE, ROUND_CLOSE)
