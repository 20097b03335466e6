
from deals.forms import RoundForm
from deals.forms_ingest import ProposalRoundForm
from deals.services.proposals import proposal_accept, proposal_fields
from deals.services.rounds import round_save
from tests.factories import CompanyFactory, ProposalFactory
from tests.test_forms import round_data


def test_round_form_saves_the_new_field(db):
    form = RoundForm(data=round_data(CompanyFactory(), instrument="SAFE"))
    assert form.is_valid(), form.errors
    assert round_save(round=form.round_to_save()).instrument == "SAFE"


def test_proposal_carries_it_and_timeline_shows_it(editor, analyst_client):
    proposal = ProposalFactory()
    proposal.payload = {**proposal.payload, "instrument": "convertible note"}
    proposal.save()
    fields = proposal_fields(proposal=proposal)
    assert fields["instrument"] == "convertible note"
    assert ProposalRoundForm(initial=fields)["instrument"].value() == "convertible note"
    round_ = proposal_accept(proposal=proposal, user=editor)
    assert round_.instrument == "convertible note"
    page = analyst_client.get(round_.company.get_absolute_url())
    assert "convertible note" in page.text


def test_proposal_without_it_gets_the_default(editor):
    round_ = proposal_accept(proposal=ProposalFactory(), user=editor)
    assert round_.instrument == ""


def test_extraction_to_round(editor):
    import datetime as dt
    from decimal import Decimal

    from deals.ingest.resolve import resolve
    from deals.ingest.store import article_store_extraction
    from deals.ingest.types import CleanedArticle, ExtractedRound, Extraction, Money
    from deals.models import Proposal
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    extraction = Extraction(
        published=dt.date(2026, 11, 20),
        rounds=[
            ExtractedRound(
                company="Acme Robotics",
                amount=Money(Decimal("20000000"), "USD"),
                instrument="SAFE",
                sentence="Acme Robotics raised $20 million.",
            )
        ],
    )
    cleaned = CleanedArticle(
        url=article.url,
        canonical_url=article.url,
        title="t",
        publisher="p",
        published=None,
        text="Acme Robotics raised $20 million.",
        fetched_at=dt.datetime.now(dt.UTC),
    )
    article_store_extraction(article=article, cleaned=cleaned, resolution=resolve(extraction))
    proposal = Proposal.objects.get(article=article)
    assert proposal_accept(proposal=proposal, user=editor).instrument == "SAFE"
