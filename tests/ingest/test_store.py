"""One Article per URL, canonical URL or text; one proposal per fact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.ingest import store
from deals.ingest.resolve import resolve
from deals.ingest.types import (
    CleanedArticle,
    DateRange,
    ExtractedInvestor,
    ExtractedMilestone,
    ExtractedRound,
    Extraction,
    Money,
)
from deals.models import Article, FeedItem, Proposal
from tests.factories import CompanyFactory, FeedFactory

pytestmark = pytest.mark.django_db
SENTENCE = "Acme Robotics raised $20 million in a Series A round led by Example Ventures."


def _extraction() -> Extraction:
    return Extraction(
        published=dt.date(2026, 11, 20),
        rounds=[
            ExtractedRound(
                company="Acme Robotics",
                stage="series_a",
                amount=Money(Decimal("20000000"), "USD"),
                amount_usd=Decimal("20000000"),
                investors=[ExtractedInvestor("Example Ventures", lead=True)],
                sentence=SENTENCE,
                confidence=0.9,
            )
        ],
        milestones=[
            ExtractedMilestone(
                company="Acme Robotics",
                title="Berlin office opening",
                date=DateRange(dt.date(2027, 6, 1), dt.date(2027, 6, 30), "month"),
                kind="facility",
                sentence="Acme Robotics will open its Berlin office in June.",
            )
        ],
    )


def _cleaned(url="https://news.example/a", canonical="", text=SENTENCE) -> CleanedArticle:
    return CleanedArticle(
        url=url,
        canonical_url=canonical,
        title="Acme raises",
        publisher="News Example",
        published=dt.date(2026, 11, 20),
        text=text,
        fetched_at=timezone.now(),
    )


def test_same_url_twice_is_one_article():
    first, created = store.article_get_or_create(origin="url", url="https://News.Example/a#top")
    again, created_again = store.article_get_or_create(origin="url", url="https://news.example/a")
    assert created and not created_again
    assert first.pk == again.pk
    assert Article.objects.count() == 1


def test_same_text_twice_is_one_article():
    first, _ = store.article_get_or_create(origin="paste", text=SENTENCE)
    again, created = store.article_get_or_create(origin="paste", text=f"  {SENTENCE}\n\n")
    assert not created and first.pk == again.pk


def test_url_that_was_an_articles_canonical_url_finds_it():
    article, _ = store.article_get_or_create(origin="url", url="https://news.example/a?utm=x")
    store.article_store_extraction(
        article=article,
        cleaned=_cleaned(canonical="https://news.example/a"),
        resolution=resolve(_extraction()),
    )
    again, created = store.article_get_or_create(origin="url", url="https://news.example/a")
    assert not created and again.pk == article.pk


def test_same_canonical_url_folds_into_the_first_article():
    first, _ = store.article_get_or_create(origin="url", url="https://news.example/a")
    store.article_store_extraction(
        article=first,
        cleaned=_cleaned(canonical="https://news.example/a"),
        resolution=resolve(_extraction()),
    )
    feed = FeedFactory()
    second, _ = store.article_get_or_create(
        origin="feed", url="https://news.example/a?ref=feed", feed=feed
    )
    item = FeedItem.objects.create(feed=feed, guid="x", article=second)

    kept = store.article_store_extraction(
        article=second,
        cleaned=_cleaned(
            url=second.url, canonical="https://news.example/a", text=SENTENCE + " More."
        ),
        resolution=resolve(_extraction()),
    )

    assert kept.pk == first.pk
    assert list(Article.objects.values_list("pk", flat=True)) == [first.pk]
    item.refresh_from_db()
    assert item.article_id == first.pk
    assert Proposal.objects.count() == 2


def test_identical_text_under_another_url_folds_into_the_first():
    first, _ = store.article_get_or_create(origin="url", url="https://news.example/a")
    store.article_store_extraction(
        article=first, cleaned=_cleaned(), resolution=resolve(_extraction())
    )
    mirror, _ = store.article_get_or_create(origin="url", url="https://mirror.example/copy")
    kept = store.article_store_extraction(
        article=mirror, cleaned=_cleaned(url=mirror.url), resolution=resolve(_extraction())
    )
    assert kept.pk == first.pk
    assert Article.objects.count() == 1


def test_stores_cleaned_fields_and_proposals():
    CompanyFactory(name="Acme Robotics Inc")
    article, _ = store.article_get_or_create(origin="url", url="https://news.example/a")
    store.article_store_extraction(
        article=article, cleaned=_cleaned(), resolution=resolve(_extraction())
    )
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED
    assert article.title == "Acme raises"
    assert article.published_at.date() == dt.date(2026, 11, 20)
    assert article.text_hash == store.text_hash(SENTENCE)
    round_proposal = article.proposals.get(kind="round")
    assert round_proposal.sentence == SENTENCE
    assert round_proposal.confidence == 0.9
    assert round_proposal.payload["amount"] == {
        "value": "20000000",
        "currency": "USD",
        "qualifier": "exact",
    }
    assert round_proposal.payload["company_match"]["name"] == "Acme Robotics Inc"
    assert round_proposal.payload["investors"] == [
        {"name": "Example Ventures", "lead": True, "commitment": "confirmed", "match": None}
    ]
    milestone = article.proposals.get(kind="milestone")
    assert milestone.payload["date"] == {
        "start": "2027-06-01",
        "end": "2027-06-30",
        "precision": "month",
    }


def test_rerun_adds_no_proposal_and_keeps_decisions():
    article, _ = store.article_get_or_create(origin="url", url="https://news.example/a")
    store.proposals_store(article=article, resolution=resolve(_extraction()))
    Proposal.objects.filter(kind="round").update(status="rejected")

    again = _extraction()
    # A newer extractor reads another figure from the same sentence: still the same fact.
    again.rounds[0].amount = Money(Decimal("21000000"), "USD")
    store.proposals_store(article=article, resolution=resolve(again))

    assert Proposal.objects.count() == 2
    assert Proposal.objects.get(kind="round").status == "rejected"


def test_matched_round_is_carried_on_the_proposal():
    from tests.factories import RoundFactory

    known = RoundFactory(
        company=CompanyFactory(name="Acme Robotics"),
        amount=Decimal("20000000"),
        amount_usd=Decimal("20000000"),
        announced_on=dt.date(2026, 11, 18),
    )
    article, _ = store.article_get_or_create(origin="url", url="https://news.example/a")
    store.proposals_store(article=article, resolution=resolve(_extraction()))
    assert Proposal.objects.get(kind="round").matched_round == known


def test_url_hash_ignores_what_does_not_change_the_page():
    assert store.url_hash("HTTPS://News.Example:443/a#x") == store.url_hash(
        "https://news.example/a"
    )
    assert store.url_hash("https://news.example/a?b=1") != store.url_hash("https://news.example/a")
    assert store.url_hash("") == ""


def test_an_investors_commitment_is_in_the_payload_not_the_fingerprint():
    article, _ = store.article_get_or_create(origin="url", url="https://news.example/a")
    talks = _extraction()
    talks.rounds[0].investors = [ExtractedInvestor("Example Ventures", commitment="in_talks")]
    store.proposals_store(article=article, resolution=resolve(talks))
    proposal = Proposal.objects.get(kind="round")
    assert [(i["name"], i["commitment"]) for i in proposal.payload["investors"]] == [
        ("Example Ventures", "in_talks")
    ]
    # A newer extractor reading the same sentence otherwise is the same fact, not a second one.
    assert store.round_fingerprint(resolve(talks).rounds[0]) == store.round_fingerprint(
        resolve(_extraction()).rounds[0]
    )
