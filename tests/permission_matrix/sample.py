"""One of each object a URL can name, for the walks over every URL."""

from __future__ import annotations

from typing import Any

from deals.models import Feed, ImportBatch, Proposal

from ..factories import (
    ArticleFactory,
    CitationFactory,
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
    UserFactory,
)


def build_sample() -> dict[str, Any]:
    company = CompanyFactory()
    investor = InvestorFactory()
    round_ = RoundFactory(company=company)
    participation = ParticipationFactory(round=round_, investor=investor)
    prospect = ParticipationFactory(round=round_, commitment="considering")
    milestone = MilestoneFactory(company=company, round=round_)
    article = ArticleFactory()
    # The milestone cites the article: its domain has a track record page.
    CitationFactory(article=article, milestone=milestone, sentence=article.text)
    proposal = Proposal.objects.create(
        article=article,
        kind="round",
        fingerprint="sample",
        payload={"company": company.name, "stage": "series_a", "status": "completed"},
    )
    feed = Feed.objects.create(url="https://news.example/feed.xml")
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
        "source_domain": article.domain,
        # Another user's upload: no editor but its uploader may open it.
        "import_batch": ImportBatch.objects.create(
            user=UserFactory(), filename="theirs.csv", text="company\nAcme\n"
        ),
    }
