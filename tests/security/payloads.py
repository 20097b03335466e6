"""Script, event-handler and hx-* payloads, and a site whose text carries them.

Shared by the security tests and tests/browser/test_xss.py.
"""

from __future__ import annotations

from typing import Any

from deals.models import Feed, Proposal

from ..factories import (
    ArticleFactory,
    CitationFactory,
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HX = '<a hx-get="/admin/" hx-trigger="load">x</a>'


def build_hostile_site() -> dict[str, Any]:
    """One of everything, whose user-visible text carries script, event-handler and
    hx-* payloads, so that every page renders attacker-controlled text."""
    company = CompanyFactory(
        name=f"Acme {SCRIPT}",
        aliases=[IMG],
        sector=f"AI {IMG}",
        description=f"{HX} {SCRIPT}",
    )
    investor = InvestorFactory(name=f"Evil {IMG} Capital", description=SCRIPT)
    round_ = RoundFactory(company=company, notes=f"{SCRIPT} {HX}")
    participation = ParticipationFactory(round=round_, investor=investor, lead=True)
    prospect = ParticipationFactory(
        round=round_, investor=InvestorFactory(name=f"Maybe {SCRIPT} Fund"), commitment="in_talks"
    )
    milestone = MilestoneFactory(
        company=company, round=round_, title=f"Launch {IMG}", description=SCRIPT
    )
    article = ArticleFactory(
        title=f"Story {SCRIPT}",
        text=f"Acme {SCRIPT} raised $10 million {IMG} led by Evil Capital. {HX}",
    )
    CitationFactory(article=article, round=round_, sentence=f"Acme raised {SCRIPT}")
    proposal = Proposal.objects.create(
        article=article,
        kind="round",
        fingerprint="hostile",
        sentence=f"Acme {SCRIPT} raised $10 million",
        payload={"company": f"Acme {SCRIPT}", "stage": "series_a", "status": "completed"},
    )
    feed = Feed.objects.create(url="https://news.example/feed.xml", title=f"Feed {IMG}")
    return {
        "company": company,
        "investor": investor,
        "round": round_,
        "participation": participation,
        "prospect": prospect,
        "milestone": milestone,
        "article": article,
        "proposal": proposal,
        "feed": feed,
    }
