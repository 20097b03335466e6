"""The load_demo command: the seed story through article ingest, a review queue,
a broad demo set, idempotent."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from deals.demo import records, seed
from deals.demo.loader import DEMO_LOGINS
from deals.demo.records import demo_records
from deals.ingest import extract as extract_module
from deals.ingest.types import Extraction, Money
from deals.models import (
    Article,
    Citation,
    Company,
    Investor,
    Milestone,
    Participation,
    Proposal,
    Round,
)
from deals.selectors import investor_portfolio

pytestmark = pytest.mark.django_db


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _snapshot() -> dict[str, object]:
    models = (Company, Investor, Round, Participation, Milestone, Article, Citation, Proposal)
    counts: dict[str, object] = {m.__name__: m.objects.count() for m in models}
    counts["proposal decisions"] = sorted(Proposal.objects.values_list("id", "status"))
    counts["article states"] = sorted(Article.objects.values_list("id", "status", "attempts"))
    for m in (Company, Investor, Round, Participation, Milestone):
        counts[f"{m.__name__} history"] = m.history.count()
    counts["users"] = get_user_model().objects.count()
    return counts


def test_seed_story_is_loaded_as_reported() -> None:
    _load()
    deepseek = Company.objects.get(name="DeepSeek")
    assert set(deepseek.aliases) >= {"DeepSeek AI", "Hangzhou DeepSeek"}

    round_ = Round.objects.get(company=deepseek)
    assert round_.status == "pending"
    assert (round_.amount, round_.currency) == (Decimal("50000000000"), "CNY")
    assert (round_.amount_usd, round_.amount_usd_source) == (Decimal("7360000000"), "article")
    assert round_.valuation > Decimal("350000000000") or (
        round_.valuation == Decimal("350000000000") and round_.valuation_qualifier == "above"
    )
    assert round_.valuation_currency == "CNY"
    assert (round_.expected_close_start, round_.expected_close_end) == (
        dt.date(2027, 6, 1),
        dt.date(2027, 6, 30),
    )

    catl = Investor.objects.get(name="CATL")
    assert catl.kind == "corporate"
    assert catl.company.name == "CATL"
    assert "Contemporary Amperex Technology" in catl.company.aliases
    assert list(round_.participations.values_list("investor__name", flat=True)) == ["CATL"]

    release = Milestone.objects.get(company=deepseek, title="V4.1 model release")
    assert (release.kind, release.precision) == ("product_release", "month")
    assert (release.date_start, release.date_end) == (dt.date(2027, 6, 1), dt.date(2027, 6, 30))
    close = Milestone.objects.get(company=deepseek, title="Funding round close")
    assert (close.kind, close.round) == ("funding_close", round_)
    assert (close.date_start, close.date_end) == (dt.date(2027, 6, 1), dt.date(2027, 6, 30))


def test_seed_facts_come_from_proposals_the_editor_accepted() -> None:
    _load()
    article = Article.objects.get(url=seed.ARTICLE.url)
    assert (article.origin, article.status) == ("demo", "reviewed")
    assert article.fetched_at == seed.ARTICLE.fetched_at
    proposals = article.proposals.all()
    assert proposals.exists()
    assert not proposals.filter(status="pending").exists()
    assert {p.decided_by.username for p in proposals} == {"editor"}
    round_ = Round.objects.get(company__slug="deepseek")
    assert proposals.get(kind="round", status="accepted").matched_round == round_
    accepted = proposals.filter(kind="milestone", status="accepted")
    assert {p.created_milestone.title for p in accepted} == {
        "V4.1 model release",
        "Funding round close",
    }
    # Made by proposal_accept's services, which record where the row came from.
    assert round_.history.earliest().history_change_reason == f"From article {article.pk}"


def test_a_fact_the_extractor_reads_differently_is_corrected_and_reported(monkeypatch) -> None:
    real = extract_module.extract

    def misreading(cleaned, **kwargs):
        extraction: Extraction = real(cleaned, **kwargs)
        for extracted in extraction.rounds:
            if extracted.company == "DeepSeek" and extracted.amount:
                extracted.amount = Money(extracted.amount.value, "CNY", "exact")
        return extraction

    monkeypatch.setattr(extract_module, "extract", misreading)
    output = _load()
    round_ = Round.objects.get(company__slug="deepseek")
    assert round_.amount_qualifier == "about"
    assert "round amount_qualifier: exact -> about" in output


def _catl_read_as(monkeypatch, commitment: str) -> None:
    """The extractor, with CATL's commitment in the seed round read as `commitment`."""
    real = extract_module.extract

    def reading(cleaned, **kwargs):
        extraction: Extraction = real(cleaned, **kwargs)
        for extracted in extraction.rounds:
            for investor in extracted.investors:
                if investor.name == "CATL":
                    investor.commitment = commitment
        return extraction

    monkeypatch.setattr(extract_module, "extract", reading)


def test_catl_is_considering_the_round_not_an_investor_in_it(monkeypatch) -> None:
    # The story's own reading of the article: nothing to correct.
    _catl_read_as(monkeypatch, "considering")
    output = _load()
    participation = Participation.objects.get(round__company__slug="deepseek")
    assert (participation.investor.slug, participation.commitment) == ("catl", "considering")
    assert "round investors" not in output
    # Considering is not investing: CATL's portfolio does not hold DeepSeek.
    catl = Investor.objects.get(slug="catl")
    portfolio = investor_portfolio(investor=catl)
    assert [p.round.company.slug for p in portfolio.prospects] == ["deepseek"]
    assert "deepseek" not in {entry.company.slug for entry in portfolio.companies}


def test_catl_read_as_an_investor_is_corrected_to_considering(monkeypatch) -> None:
    _catl_read_as(monkeypatch, "confirmed")
    output = _load()
    participation = Participation.objects.get(round__company__slug="deepseek")
    assert participation.commitment == "considering"
    assert "round investors: CATL -> CATL (considering)" in output


def test_a_seed_article_without_the_story_loads_nothing(monkeypatch) -> None:
    monkeypatch.setattr(
        extract_module, "extract", lambda cleaned: Extraction(published=cleaned.published)
    )
    with pytest.raises(CommandError, match="deepseek-catl.txt"):
        _load("--no-users")
    assert not Article.objects.exists()
    assert not Company.objects.exists()


def test_review_queue_waits_for_the_editor() -> None:
    _load()
    for spec in demo_records().queue:
        article = Article.objects.get(url=spec.url)
        assert (article.origin, article.status) == ("demo", "extracted")
        assert article.proposals.filter(status="pending").exists()
        assert not article.proposals.exclude(status="pending").exists()
    assert Proposal.objects.filter(status="pending").count() >= 6


@pytest.mark.parametrize(
    ("filename", "company", "stage", "announced_on"),
    [
        ("openai-softbank-talks.txt", "openai", "unknown", dt.date(2025, 3, 31)),
        ("helsing-series-c.txt", "helsing", "series_c", dt.date(2024, 7, 11)),
    ],
)
def test_a_round_already_on_file_is_proposed_as_a_match(
    filename: str, company: str, stage: str, announced_on: dt.date
) -> None:
    _load()
    spec = next(s for s in demo_records().queue if s.filename == filename)
    known = Round.objects.get(company__slug=company, stage=stage, announced_on=announced_on)
    proposal = Proposal.objects.get(
        article__url=spec.url, kind="round", payload__company_match__id=known.company_id
    )
    assert proposal.matched_round == known


def test_a_new_round_is_proposed_without_a_match() -> None:
    _load()
    spec = next(s for s in demo_records().queue if s.filename == "klarna-ipo.txt")
    proposal = Proposal.objects.get(article__url=spec.url, kind="round")
    assert proposal.payload["company_match"]["name"] == "Klarna"
    assert proposal.payload["stage"] == "ipo"
    assert proposal.matched_round is None


def test_every_seed_fact_cites_a_sentence_of_the_shipped_article() -> None:
    _load()
    article = Article.objects.get(url=seed.ARTICLE.url)
    assert "DeepSeek" in article.text and "CATL" in article.title
    round_ = Round.objects.get(company__slug="deepseek")
    cited = Citation.objects.filter(article=article)
    assert cited.filter(round=round_).exists()
    assert cited.filter(participation__round=round_, participation__investor__slug="catl").exists()
    for title in ("V4.1 model release", "Funding round close"):
        assert cited.filter(milestone__title=title).exists()
    for citation in cited:
        assert citation.sentence in article.text


def test_demo_set_is_broad() -> None:
    _load()
    assert Company.objects.exclude(slug="deepseek").count() >= 40
    currencies = set(Round.objects.values_list("currency", flat=True))
    assert currencies >= {"USD", "EUR", "GBP", "CNY", "JPY", "INR", "BRL", "SEK", "CHF", "KRW"}
    stages = set(Round.objects.values_list("stage", flat=True))
    assert stages >= {
        "pre_seed",
        "seed",
        "series_a",
        "series_b",
        "series_c",
        "series_d",
        "series_e",
        "series_f_plus",
        "growth",
        "debt",
        "ipo",
        "secondary",
        "grant",
    }
    assert Company.objects.values("country").distinct().count() >= 10
    assert Company.objects.values("sector").distinct().count() >= 10
    kinds = set(Investor.objects.values_list("kind", flat=True))
    assert kinds >= {"venture", "corporate", "angel", "government", "sovereign", "bank"}
    assert Participation.objects.filter(lead=True).exists()
    assert Participation.objects.filter(lead=False).exists()
    # Every non-USD amount has a USD figure (stated or converted), so totals add up.
    assert not Round.objects.filter(amount__isnull=False, amount_usd__isnull=True).exists()


def test_what_to_watch_is_populated_whatever_the_day() -> None:
    _load()
    today = timezone.localdate()
    upcoming = Milestone.objects.filter(status="upcoming")
    soon = upcoming.filter(date_end__gte=today, date_start__lte=today + dt.timedelta(days=90))
    overdue = upcoming.filter(date_end__lt=today)
    assert soon.count() >= 5
    assert 2 <= overdue.count() < soon.count()
    assert upcoming.filter(date_start__gt=today).count() > overdue.count()


def test_second_run_changes_nothing() -> None:
    _load()
    before = _snapshot()
    output = _load()
    assert _snapshot() == before
    assert "nothing changed" in output


def test_a_corrected_row_is_restored_without_duplicates() -> None:
    _load()
    Company.objects.filter(slug="mistral-ai").update(sector="Wrong")
    Participation.objects.filter(round__company__slug="helsing", round__stage="series_c").delete()
    rounds = Round.objects.count()
    output = _load()
    assert Company.objects.get(slug="mistral-ai").sector == "Artificial intelligence"
    helsing = Round.objects.get(company__slug="helsing", stage="series_c")
    assert set(helsing.investors.values_list("slug", flat=True)) == {
        "general-catalyst",
        "accel",
        "lightspeed",
    }
    assert Round.objects.count() == rounds
    assert "updated" in output


def test_an_editors_change_to_the_seed_round_survives_a_reload() -> None:
    # Once accepted, the seed round is editorial data: a restart neither undoes nor refuses it.
    _load()
    Round.objects.filter(company__slug="deepseek").update(status="completed")
    output = _load()
    assert Round.objects.get(company__slug="deepseek").status == "completed"
    assert "nothing changed" in output


def test_prints_the_logins_and_they_work(client) -> None:
    output = _load()
    for login in DEMO_LOGINS:
        assert login.username in output and login.password in output
        # Through the login view: django-axes refuses client.login(), which has no request.
        response = client.post(
            "/accounts/login/", {"username": login.username, "password": login.password}
        )
        assert response.status_code == 302 and "_auth_user_id" in client.session
        client.logout()
    User = get_user_model()
    assert User.objects.get(username="editor").groups.get().name == "editor"
    assert User.objects.get(username="analyst").groups.get().name == "analyst"
    assert User.objects.get(username="admin").is_superuser


def test_no_users_creates_no_logins() -> None:
    output = _load("--no-users")
    assert not get_user_model().objects.exists()
    assert "password" not in output


def test_every_record_of_the_data_files_is_loaded_once() -> None:
    _load("--no-users")
    demo = demo_records()
    # The seed story (seed.py) adds DeepSeek's round, its two milestones and its article.
    assert Company.objects.count() == len(demo.companies)
    assert Investor.objects.count() == len(demo.investors)
    assert Round.objects.count() == len(demo.rounds) + 1
    assert Participation.objects.count() == sum(len(r.investors) for r in demo.rounds) + 1
    assert Milestone.objects.count() == len(demo.milestones) + 2
    assert Article.objects.count() == len(demo.queue) + 1


def test_known_records_carry_their_reported_figures() -> None:
    _load("--no-users")
    openai = Round.objects.get(company__slug="openai", announced_on=dt.date(2024, 10, 2))
    assert (openai.stage, openai.amount, openai.currency) == ("unknown", Decimal("6.6e9"), "USD")
    assert (openai.valuation, openai.valuation_basis) == (Decimal("157e9"), "post")
    assert list(openai.participations.order_by("id").values_list("investor__slug", "lead")) == [
        ("thrive-capital", True),
        ("microsoft", False),
        ("nvidia", False),
        ("softbank", False),
        ("mgx", False),
    ]
    catl_ipo = Round.objects.get(company__slug="catl", stage="ipo")
    assert (catl_ipo.amount, catl_ipo.currency) == (Decimal("35.7e9"), "HKD")
    assert (catl_ipo.amount_usd, catl_ipo.amount_usd_source) == (Decimal("4.6e9"), "article")
    assert catl_ipo.closed_on == dt.date(2025, 5, 20)
    listing = Milestone.objects.get(company__slug="catl", title="Hong Kong trading debut")
    assert (listing.status, listing.round) == ("occurred", catl_ipo)
    core = Milestone.objects.get(
        company__slug="coreweave", title="Core Scientific acquisition close"
    )
    assert (core.date_start, core.date_end, core.precision) == (
        dt.date(2025, 10, 1),
        dt.date(2025, 12, 31),
        "quarter",
    )
    assert core.status == "cancelled" and core.outcome_note.startswith("Core Scientific")
    assert Milestone.objects.get(title="SPARC first plasma").date_end == dt.date(2027, 12, 31)
    assert Investor.objects.get(slug="lightspeed").aliases == ["Lightspeed"]


def test_milestones_dated_from_the_load_day_follow_it() -> None:
    _load("--no-users")
    today = timezone.localdate()
    revolut = Milestone.objects.get(company__slug="revolut")
    assert (revolut.date_start, revolut.precision) == (today + dt.timedelta(days=25), "day")
    assert revolut.description.startswith("Demo milestone")
    overdue = Milestone.objects.get(company__slug="anduril")
    assert overdue.date_end == today - dt.timedelta(days=12)


def test_a_bad_data_file_loads_nothing_and_names_the_record(tmp_path, monkeypatch) -> None:
    for path in records.DATA_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    rounds = tmp_path / "rounds.yaml"
    text = rounds.read_text(encoding="utf-8")
    rounds.write_text(text.replace('amount: "40e9"', "amount: 40.5", 1), encoding="utf-8")
    monkeypatch.setattr(records, "DATA_DIR", tmp_path)
    with pytest.raises(CommandError, match=r"rounds.yaml, record 2, field 'amount'"):
        _load("--no-users")
    assert not Company.objects.exists()
