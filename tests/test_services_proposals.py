"""Accept, edit-then-accept, reject and merge: every fact keeps its source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from deals.models import Article, Citation, Company, Investor, Milestone, Proposal, Round
from deals.models.rounds import ROUND_FIELDS
from deals.selectors.milestones import milestones_to_watch
from deals.selectors.watching import what_to_watch_milestones
from deals.services.proposals import (
    proposal_accept,
    proposal_fields,
    proposal_merge,
    proposal_reject,
)
from tests.factories import (
    ArticleFactory,
    CompanyFactory,
    InvestorFactory,
    ParticipationFactory,
    ProposalFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db
PUBLISHED = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)


@pytest.fixture
def article():
    return ArticleFactory(
        text="Acme raised $10 million in a Series A round led by Example Ventures.",
        published_at=PUBLISHED,
    )


def test_accept_creates_company_round_investors_and_citations(article, editor):
    proposal = ProposalFactory(article=article)

    round_ = proposal_accept(proposal=proposal, user=editor)

    assert Company.objects.get().name == "Acme"
    assert round_.stage == "series_a"
    assert round_.amount == Decimal("10000000") and round_.currency == "USD"
    assert round_.amount_usd_source == "same"
    assert round_.announced_on == dt.date(2026, 11, 20)
    participation = round_.participations.get()
    assert participation.investor.name == "Example Ventures" and participation.lead
    assert round_.citations.get().sentence == article.text
    assert participation.citations.get().article == article
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.matched_round == round_
    assert proposal.decided_by == editor and proposal.decided_at
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEWED


def test_accept_uses_existing_company_and_investor_by_fuzzy_name(article, editor):
    acme = CompanyFactory(name="Acme Inc.")
    ventures = InvestorFactory(name="Example Ventures LLC")
    round_ = proposal_accept(proposal=ProposalFactory(article=article), user=editor)
    assert round_.company == acme
    assert round_.participations.get().investor == ventures
    assert Company.objects.count() == 1 and Investor.objects.count() == 1


def test_second_report_adds_a_citation_and_fills_blanks_not_a_duplicate(article, editor):
    acme = CompanyFactory(name="Acme")
    known = RoundFactory(
        company=acme,
        status="pending",
        amount=Decimal("10000000"),
        announced_on=dt.date(2026, 11, 10),
        valuation=None,
    )
    other = InvestorFactory(name="Early Bird")
    ParticipationFactory(round=known, investor=other)
    payload = ProposalFactory.build().payload | {
        "valuation": {"value": "50000000", "currency": "USD", "qualifier": "exact"},
        "valuation_basis": "post",
    }
    proposal = ProposalFactory(article=article, payload=payload, matched_round=known)

    result = proposal_accept(proposal=proposal, user=editor)

    assert result.pk == known.pk
    assert Round.objects.count() == 1
    known.refresh_from_db()
    assert known.status == "completed"  # "raised" moves a pending round on
    assert known.valuation == Decimal("50000000") and known.valuation_basis == "post"
    assert known.announced_on == dt.date(2026, 11, 10)  # filled blanks only
    assert set(known.participations.values_list("investor__name", flat=True)) == {
        "Early Bird",
        "Example Ventures",
    }
    assert known.citations.filter(article=article).count() == 1


def test_accept_finds_the_round_another_proposal_created_since_ingest(editor):
    first = ProposalFactory(article=ArticleFactory(published_at=PUBLISHED))
    second = ProposalFactory(article=ArticleFactory(published_at=PUBLISHED))
    made = proposal_accept(proposal=first, user=editor)
    again = proposal_accept(proposal=second, user=editor)
    assert again.pk == made.pk
    assert made.citations.count() == 2


def test_older_report_does_not_reopen_a_completed_round(article, editor):
    known = RoundFactory(company=CompanyFactory(name="Acme"), status="completed")
    payload = ProposalFactory.build().payload | {"status": "pending"}
    proposal = ProposalFactory(article=article, payload=payload, matched_round=known)
    proposal_accept(proposal=proposal, user=editor)
    known.refresh_from_db()
    assert known.status == "completed"


def test_edit_then_accept_uses_the_editors_values(article, editor):
    proposal = ProposalFactory(article=article)
    overrides = proposal_fields(proposal=proposal) | {
        "company": "Acme Robotics",
        "amount": Decimal("12000000"),
        "stage": "seed",
        "investors": [{"name": "Other Capital", "lead": False}],
    }
    round_ = proposal_accept(proposal=proposal, user=editor, overrides=overrides)
    assert round_.company.name == "Acme Robotics"
    assert round_.amount == Decimal("12000000") and round_.stage == "seed"
    assert list(round_.investors.values_list("name", flat=True)) == ["Other Capital"]


def test_invalid_edit_saves_nothing(article, editor):
    proposal = ProposalFactory(article=article)
    overrides = {"amount": Decimal("5"), "currency": ""}
    with pytest.raises(ValidationError):
        proposal_accept(proposal=proposal, user=editor, overrides=overrides)
    assert not Round.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_accept_milestone_with_citation(article, editor):
    proposal = ProposalFactory(
        article=article,
        kind="milestone",
        sentence="Acme will open a Berlin office in June.",
        payload={
            "company": "Acme",
            "title": "Berlin office opening",
            "kind": "facility",
            "date": {"start": "2027-06-01", "end": "2027-06-30", "precision": "month"},
            "company_match": None,
        },
    )
    milestone = proposal_accept(proposal=proposal, user=editor)
    assert milestone.title == "Berlin office opening"
    assert (milestone.date_start, milestone.date_end) == (dt.date(2027, 6, 1), dt.date(2027, 6, 30))
    assert milestone.precision == "month" and milestone.kind == "facility"
    assert milestone.citations.get().sentence == "Acme will open a Berlin office in June."
    proposal.refresh_from_db()
    assert proposal.created_milestone == milestone

    # The same milestone from another article is cited, not duplicated.
    again = ProposalFactory(
        article=ArticleFactory(),
        kind="milestone",
        payload=proposal.payload,
        sentence="Berlin in June.",
    )
    assert proposal_accept(proposal=again, user=editor) == milestone
    assert Milestone.objects.count() == 1 and milestone.citations.count() == 2


def test_reject_records_the_decision_and_creates_nothing(article, editor):
    proposal = ProposalFactory(article=article)
    other = ProposalFactory(article=article)
    proposal_reject(proposal=proposal, user=editor)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED and proposal.decided_by == editor
    assert not Round.objects.exists()
    article.refresh_from_db()
    assert article.status == "extracted"  # one proposal still pending
    proposal_reject(proposal=other, user=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEWED


def test_merge_into_a_chosen_round(article, editor):
    target = RoundFactory(company=CompanyFactory(name="Acme Robotics"), amount=None, currency="")
    proposal = ProposalFactory(article=article)
    result = proposal_merge(proposal=proposal, round=target, user=editor)
    assert result == target
    target.refresh_from_db()
    assert target.amount == Decimal("10000000")
    assert target.citations.get().article == article
    assert Round.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.MERGED and proposal.matched_round == target


def test_a_decided_proposal_cannot_be_decided_again(article, editor):
    proposal = ProposalFactory(article=article)
    proposal_reject(proposal=proposal, user=editor)
    with pytest.raises(ValidationError, match="already rejected"):
        proposal_accept(proposal=proposal, user=editor)
    assert not Citation.objects.exists()


def test_merge_only_rounds(article, editor):
    proposal = ProposalFactory(article=article, kind="milestone", payload={})
    with pytest.raises(ValidationError):
        proposal_merge(proposal=proposal, round=RoundFactory(), user=editor)


# --- a round's close milestone follows its round ------------------------------------


def close_proposal(article, *, start: dt.date, sentence: str | None = None, company="Acme"):
    return ProposalFactory(
        article=article,
        kind="milestone",
        sentence=sentence if sentence is not None else article.text,
        payload={
            "company": company,
            "title": "Round close",
            "kind": "funding_close",
            "date": {"start": start.isoformat(), "end": start.isoformat(), "precision": "day"},
            "company_match": None,
        },
    )


def open_ids(today: dt.date) -> set[int]:
    page = what_to_watch_milestones(user=None, days=3650, today=today)
    board = milestones_to_watch(today=today)
    return {m.pk for m in [*page.overdue, *page.ahead, *board.overdue, *board.upcoming]}


def test_rejecting_a_round_rejects_its_pending_close_and_nothing_else(article, editor):
    round_proposal = ProposalFactory(article=article)
    close = close_proposal(article, start=dt.date(2027, 6, 30))
    other_company = close_proposal(article, start=dt.date(2027, 6, 30), company="Zeta")
    office = ProposalFactory(
        article=article,
        kind="milestone",
        payload={"company": "Acme", "title": "Berlin office", "kind": "facility"},
    )
    proposal_reject(proposal=round_proposal, user=editor)
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses[close.pk] == Proposal.Status.REJECTED
    assert statuses[other_company.pk] == statuses[office.pk] == Proposal.Status.PENDING
    close.refresh_from_db()
    assert close.decided_by == editor


def test_with_two_rounds_of_a_company_a_close_follows_the_one_from_its_sentence(article, editor):
    first = ProposalFactory(article=article, sentence="Acme is raising a Series A.")
    ProposalFactory(article=article, sentence="Acme also plans a debt round.")
    close_of_first = close_proposal(article, start=dt.date(2027, 6, 30), sentence=first.sentence)
    close_of_second = close_proposal(
        article, start=dt.date(2027, 7, 30), sentence="Acme also plans a debt round."
    )
    proposal_reject(proposal=first, user=editor)
    close_of_first.refresh_from_db()
    close_of_second.refresh_from_db()
    assert (close_of_first.status, close_of_second.status) == ("rejected", "pending")


def test_a_past_close_accepted_after_its_completed_round_is_not_to_watch(article, editor):
    today = timezone.localdate()
    round_ = proposal_accept(proposal=ProposalFactory(article=article), user=editor)
    assert round_.status == "completed"
    close = close_proposal(article, start=today - dt.timedelta(days=20))
    milestone = proposal_accept(proposal=close, user=editor)
    assert milestone.round == round_
    assert milestone.status == "occurred" and milestone.outcome_recorded_at
    assert milestone.pk not in open_ids(today)


def test_a_past_close_accepted_before_its_completed_round_leaves_the_list(article, editor):
    today = timezone.localdate()
    milestone = proposal_accept(
        proposal=close_proposal(article, start=today - dt.timedelta(days=20)), user=editor
    )
    assert milestone.pk in open_ids(today)  # overdue until its round is on file
    round_ = proposal_accept(proposal=ProposalFactory(article=article), user=editor)
    milestone.refresh_from_db()
    assert (milestone.round, milestone.status) == (round_, "occurred")
    assert milestone.pk not in open_ids(today)


def test_a_pending_rounds_past_close_stays_overdue(article, editor):
    today = timezone.localdate()
    pending = ProposalFactory(article=article)
    pending.payload = {**pending.payload, "status": "pending"}
    pending.save()
    round_ = proposal_accept(proposal=pending, user=editor)
    milestone = proposal_accept(
        proposal=close_proposal(article, start=today - dt.timedelta(days=20)), user=editor
    )
    assert (milestone.round, milestone.status) == (round_, "upcoming")
    assert milestone.pk in open_ids(today)


def _with_investors(*investors: dict) -> Proposal:
    proposal = ProposalFactory()
    proposal.payload["investors"] = list(investors)
    proposal.save()
    return proposal


def test_accept_records_an_investor_in_talks_as_a_prospect_with_its_citation(editor):
    proposal = _with_investors(
        {"name": "Example Ventures", "lead": True, "match": None},
        {"name": "CATL", "lead": False, "commitment": "considering", "match": None},
    )
    round_ = proposal_accept(proposal=proposal, user=editor)
    commitments = dict(round_.participations.values_list("investor__name", "commitment"))
    assert commitments == {"Example Ventures": "confirmed", "CATL": "considering"}
    catl = round_.participations.get(investor__name="CATL")
    assert catl.citations.get().sentence == proposal.sentence


def test_proposal_fields_read_a_payload_without_commitments_as_confirmed():
    fields = proposal_fields(proposal=ProposalFactory())
    assert fields["investors"] == [
        {"name": "Example Ventures", "lead": True, "commitment": "confirmed"}
    ]


def test_a_report_that_an_investor_invested_confirms_the_prospect_on_file(editor):
    known = RoundFactory(company=CompanyFactory(name="Acme"), announced_on=dt.date(2026, 11, 18))
    prospect = ParticipationFactory(
        round=known, investor=InvestorFactory(name="Example Ventures"), commitment="in_talks"
    )
    proposal_merge(proposal=ProposalFactory(), round=known, user=editor)
    prospect.refresh_from_db()
    assert prospect.commitment == "confirmed"


def test_an_older_report_of_talks_does_not_take_an_investment_back(editor):
    known = RoundFactory(company=CompanyFactory(name="Acme"), announced_on=dt.date(2026, 11, 18))
    investor = ParticipationFactory(round=known, investor=InvestorFactory(name="CATL"))
    proposal = _with_investors({"name": "CATL", "lead": False, "commitment": "in_talks"})
    proposal_merge(proposal=proposal, round=known, user=editor)
    investor.refresh_from_db()
    assert investor.commitment == "confirmed"


def test_the_editors_correction_of_a_commitment_is_what_is_saved(editor):
    proposal = _with_investors({"name": "CATL", "lead": False, "commitment": "confirmed"})
    overrides = {"investors": [{"name": "CATL", "lead": False, "commitment": "in_talks"}]}
    round_ = proposal_accept(proposal=proposal, user=editor, overrides=overrides)
    assert round_.participations.get().commitment == "in_talks"


def test_proposal_fields_give_every_round_field(article):
    assert set(ROUND_FIELDS) <= set(proposal_fields(proposal=ProposalFactory(article=article)))


def test_edit_then_accept_saves_every_round_field(article, editor):
    values = {
        "stage": "series_b",
        "status": "pending",
        "amount": Decimal("12000000"),
        "currency": "EUR",
        "amount_qualifier": "about",
        "amount_usd": Decimal("13000000"),
        "valuation": Decimal("90000000"),
        "valuation_currency": "EUR",
        "valuation_basis": "post",
        "valuation_qualifier": "above",
        "announced_on": dt.date(2026, 11, 19),
        "expected_close_start": dt.date(2027, 1, 1),
        "expected_close_end": dt.date(2027, 3, 31),
    }
    # A field added to the list is added here too, so that acceptance is shown to save it.
    assert set(values) == set(ROUND_FIELDS)
    proposal = ProposalFactory(article=article)
    overrides = proposal_fields(proposal=proposal) | values
    round_ = proposal_accept(proposal=proposal, user=editor, overrides=overrides)
    round_.refresh_from_db()
    assert {f: getattr(round_, f) for f in ROUND_FIELDS} == values
