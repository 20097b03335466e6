from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from deals.models import (
    Article,
    Citation,
    Company,
    Investor,
    Milestone,
    Participation,
    Round,
    Watch,
)
from deals.permissions import role_group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(role_group(extracted))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    country = "US"
    sector = "Software"


class InvestorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investor

    name = factory.Sequence(lambda n: f"Investor {n} Capital")
    slug = factory.Sequence(lambda n: f"investor-{n}")
    kind = "venture"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    company = factory.SubFactory(CompanyFactory)
    stage = "series_a"
    status = "completed"
    amount = Decimal("10000000")
    currency = "USD"
    amount_usd = Decimal("10000000")
    amount_usd_source = "same"
    announced_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    round = factory.SubFactory(RoundFactory)
    investor = factory.SubFactory(InvestorFactory)
    lead = False


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Product launch {n}")
    kind = "product_release"
    date_start = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    date_end = factory.LazyAttribute(lambda m: m.date_start)
    precision = "day"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    publisher = "news.example"
    text = "Acme raised $10 million in a Series A round led by Example Ventures."
    status = "extracted"
    fetched_at = factory.LazyFunction(timezone.now)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    article = factory.SubFactory(ArticleFactory)
    sentence = factory.LazyAttribute(lambda c: c.article.text)


class WatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Watch

    user = factory.SubFactory(UserFactory)


class AlertDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deals.AlertDelivery"

    user = factory.SubFactory(UserFactory)
    kind = "milestone_due"
    milestone = factory.SubFactory(MilestoneFactory)
    occasion = factory.LazyAttribute(
        lambda d: (
            f"{d.milestone.date_start.isoformat()}..{d.milestone.date_end.isoformat()}"
            if d.milestone
            else ""
        )
    )


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deals.Feed"

    url = factory.Sequence(lambda n: f"https://news.example/feed-{n}.xml")
    poll_interval_minutes = 60


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposed round from its article's one sentence (payload as deals.ingest.store makes)."""

    class Meta:
        model = "deals.Proposal"

    article = factory.SubFactory(ArticleFactory)
    kind = "round"
    sentence = factory.LazyAttribute(lambda p: p.article.text)
    fingerprint = factory.Sequence(lambda n: f"fingerprint-{n}")
    confidence = 0.9
    payload = factory.LazyFunction(
        lambda: {
            "company": "Acme",
            "stage": "series_a",
            "status": "completed",
            "amount": {"value": "10000000", "currency": "USD", "qualifier": "exact"},
            "amount_usd": 10000000,
            "valuation": None,
            "valuation_basis": "unknown",
            "investors": [{"name": "Example Ventures", "lead": True, "match": None}],
            "expected_close": None,
            "announced": None,
            "company_match": None,
        }
    )
