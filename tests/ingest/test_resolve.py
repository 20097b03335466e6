"""Name matching and recognising a round reported again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from deals.ingest.resolve import (
    NameIndex,
    find_matching_round,
    known_names,
    normalize_name,
    resolve,
)
from deals.ingest.types import (
    DateRange,
    ExtractedInvestor,
    ExtractedMilestone,
    ExtractedRound,
    Extraction,
    Money,
)
from deals.models import Company
from tests.factories import CompanyFactory, InvestorFactory, RoundFactory

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Acme Robotics, Inc.", "acme robotics"),
        ("ACME ROBOTICS LTD", "acme robotics"),
        ("Siemens AG", "siemens"),
        ("Zalando SE", "zalando"),
        ("Example Holdings Co., Limited", "example"),
        ("The Boring Company", "boring"),
        ("Group", "group"),
        ("Société Générale S.A.", "societe generale"),
        ("Smith & Nephew plc", "smith and nephew"),
    ],
)
def test_normalize_name_drops_case_punctuation_and_legal_suffixes(name, normal):
    assert normalize_name(name) == normal


def _round(company="Acme Robotics", **kwargs) -> ExtractedRound:
    kwargs.setdefault("stage", "series_a")
    kwargs.setdefault("amount", Money(Decimal("20000000"), "USD"))
    return ExtractedRound(company=company, **kwargs)


@pytest.mark.django_db
class TestNames:
    def test_matches_name_with_other_legal_suffix(self):
        acme = CompanyFactory(name="Acme Robotics Inc.")
        resolution = resolve(Extraction(published=TODAY, rounds=[_round("Acme Robotics Ltd")]))
        assert resolution.rounds[0].company.id == acme.pk
        assert resolution.rounds[0].company.score == 100

    def test_matches_alias(self):
        deepseek = CompanyFactory(name="DeepSeek", aliases=["Hangzhou DeepSeek"])
        resolution = resolve(Extraction(published=TODAY, rounds=[_round("Hangzhou DeepSeek")]))
        assert resolution.rounds[0].company.id == deepseek.pk

    def test_matches_close_spelling(self):
        openai = CompanyFactory(name="OpenAI")
        resolution = resolve(Extraction(published=TODAY, rounds=[_round("Open AI")]))
        assert resolution.rounds[0].company.id == openai.pk

    def test_unknown_name_is_proposed_new(self):
        CompanyFactory(name="Acme Robotics")
        resolution = resolve(Extraction(published=TODAY, rounds=[_round("Globex Biotech")]))
        assert resolution.rounds[0].company.is_new

    def test_short_names_need_an_exact_match(self):
        CompanyFactory(name="Meta")
        resolution = resolve(Extraction(published=TODAY, rounds=[_round("Mita")]))
        assert resolution.rounds[0].company.is_new

    def test_investors_resolved_each(self):
        ventures = InvestorFactory(name="Example Ventures LLC")
        extracted = _round(
            investors=[
                ExtractedInvestor("Example Ventures", lead=True),
                ExtractedInvestor("Nobody"),
            ]
        )
        resolved = resolve(Extraction(published=TODAY, rounds=[extracted])).rounds[0]
        assert [m.id for m in resolved.investors] == [ventures.pk, None]

    def test_milestone_company_resolved(self):
        acme = CompanyFactory(name="Acme Robotics")
        milestone = ExtractedMilestone(
            company="Acme Robotics", title="Berlin office", date=DateRange(TODAY, TODAY, "day")
        )
        resolution = resolve(Extraction(published=TODAY, milestones=[milestone]))
        assert resolution.milestones[0].company.id == acme.pk


@pytest.mark.django_db
class TestSameRound:
    @pytest.fixture
    def known(self):
        return RoundFactory(
            company=CompanyFactory(name="Acme Robotics"),
            stage="series_a",
            amount=Decimal("20000000"),
            currency="USD",
            amount_usd=Decimal("20000000"),
            announced_on=TODAY - dt.timedelta(days=3),
        )

    def test_second_report_matches_the_round(self, known):
        resolution = resolve(Extraction(published=TODAY, rounds=[_round()]))
        assert resolution.rounds[0].matched_round_id == known.pk

    def test_amount_within_ten_percent_in_usd(self, known):
        found = find_matching_round(
            company_id=known.company_id,
            extracted=_round(amount=Money(Decimal("17"), "EUR"), amount_usd=Decimal("21000000")),
            reported_on=TODAY,
        )
        assert found == known

    def test_other_amount_is_another_round(self, known):
        extracted = _round(amount=Money(Decimal("50000000"), "USD"))
        assert (
            find_matching_round(company_id=known.company_id, extracted=extracted, reported_on=TODAY)
            is None
        )

    def test_other_stage_is_another_round(self, known):
        extracted = _round(stage="series_b")
        assert (
            find_matching_round(company_id=known.company_id, extracted=extracted, reported_on=TODAY)
            is None
        )

    def test_unknown_stage_with_same_amount_matches(self, known):
        extracted = _round(stage="unknown")
        assert (
            find_matching_round(company_id=known.company_id, extracted=extracted, reported_on=TODAY)
            == known
        )

    def test_nothing_in_common_but_the_company_is_not_a_match(self, known):
        extracted = _round(stage="unknown", amount=None)
        assert (
            find_matching_round(company_id=known.company_id, extracted=extracted, reported_on=TODAY)
            is None
        )

    def test_a_year_later_is_another_round(self, known):
        later = TODAY + dt.timedelta(days=365)
        assert (
            find_matching_round(company_id=known.company_id, extracted=_round(), reported_on=later)
            is None
        )

    def test_overlapping_expected_close_matches(self, known):
        known.status = "pending"
        known.announced_on = TODAY - dt.timedelta(days=300)
        known.expected_close_start = dt.date(2027, 6, 1)
        known.expected_close_end = dt.date(2027, 6, 30)
        known.save()
        extracted = _round(
            expected_close=DateRange(dt.date(2027, 4, 1), dt.date(2027, 6, 30), "quarter")
        )
        assert (
            find_matching_round(company_id=known.company_id, extracted=extracted, reported_on=TODAY)
            == known
        )

    def test_closest_amount_wins(self, known):
        closer = RoundFactory(
            company=known.company,
            stage="series_a",
            amount=Decimal("21000000"),
            currency="USD",
            amount_usd=Decimal("21000000"),
            announced_on=TODAY,
        )
        extracted = _round(amount=Money(Decimal("21000000"), "USD"))
        assert (
            find_matching_round(company_id=known.company_id, extracted=extracted, reported_on=TODAY)
            == closer
        )


@pytest.mark.django_db
def test_resolver_loads_only_candidate_names_not_the_whole_table():
    for n in range(60):
        CompanyFactory(name=f"Unrelated Widgets {n}")
    klarna = CompanyFactory(name="Klarna", aliases=["Klarna Bank"])

    index = NameIndex.for_names(Company, ["Klarna Bank AB"])

    assert index.match("Klarna Bank AB").id == klarna.id
    assert len(index._choices) < 10


@pytest.mark.django_db
def test_known_names_are_the_article_names_on_record_in_any_case() -> None:
    CompanyFactory(name="Ramp")
    InvestorFactory(name="Tejo Capital")
    assert known_names(["RAMP", "Tejo Capital", "Paris", "Ramp Up"]) == {"RAMP", "Tejo Capital"}
