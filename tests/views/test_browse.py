import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    CitationFactory,
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
LAYOUT = '<header class="topbar">'


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def deepseek(db):
    company = CompanyFactory(
        name="DeepSeek",
        slug="deepseek",
        country="CN",
        sector="AI",
        website="https://deepseek.example",
        aliases=["Hangzhou DeepSeek"],
        description="Open-weight models.",
    )
    round_ = RoundFactory(
        company=company,
        stage="series_b",
        amount=Decimal("50e9"),
        currency="CNY",
        amount_qualifier="about",
        amount_usd=Decimal("7.36e9"),
        amount_usd_source="converted",
        valuation=Decimal("100e9"),
        valuation_currency="USD",
        valuation_basis="post",
        expected_close_start=dt.date(2026, 7, 1),
        expected_close_end=dt.date(2026, 9, 30),
    )
    lead = InvestorFactory(name="Hillhouse", slug="hillhouse")
    participation = ParticipationFactory(round=round_, investor=lead, lead=True)
    article = ArticleFactory(title="DeepSeek raises big", publisher="Caixin")
    CitationFactory(round=round_, article=article, sentence="DeepSeek raised about 50bn yuan.")
    CitationFactory(participation=participation, article=article, sentence="Led by Hillhouse.")
    milestone = MilestoneFactory(
        company=company,
        round=round_,
        title="R2 release",
        date_start=dt.date(2027, 6, 1),
        date_end=dt.date(2027, 6, 30),
        precision="month",
    )
    CitationFactory(milestone=milestone, article=article, sentence="R2 is due in June 2027.")
    return {"company": company, "round": round_, "investor": lead, "milestone": milestone}


def _more_rounds(company, investor, n):
    """n rounds with an investor, a source and a milestone each: what pages iterate over."""
    for _ in range(n):
        round_ = RoundFactory(company=company)
        ParticipationFactory(round=round_, investor=investor)
        ParticipationFactory(round=round_)
        CitationFactory(round=round_)
        milestone = MilestoneFactory(company=company, round=round_)
        CitationFactory(milestone=milestone)


def test_dashboard_shows_latest_rounds_watch_list_and_totals(analyst_client, deepseek):
    MilestoneFactory(
        title="Factory opening",
        date_start=timezone.localdate() - dt.timedelta(days=3),
        date_end=timezone.localdate() - dt.timedelta(days=3),
    )
    MilestoneFactory(title="Chip tape-out", date_start=timezone.localdate() + dt.timedelta(days=9))
    html = _html(analyst_client.get(reverse("deals:dashboard")))
    assert "DeepSeek" in html and "about CN¥50 billion (≈ $7.36 billion)" in html
    assert "Factory opening" in html and "Overdue" in html
    assert "Chip tape-out" in html
    assert "R2 release" not in html  # a year away
    assert "completed and pending rounds" in html


def test_round_list_filters_in_query_string_narrow_the_table(analyst_client, deepseek):
    RoundFactory(company=CompanyFactory(name="Mistral", country="FR"), stage="seed")
    url = reverse("deals:round_list")
    assert "Mistral" in _html(analyst_client.get(url))
    html = _html(analyst_client.get(url, {"country": "CN", "stage": "series_b"}))
    assert "DeepSeek" in html and "Mistral" not in html
    assert "1 round" in html


def test_round_list_htmx_returns_only_the_table(analyst_client, deepseek):
    response = analyst_client.get(reverse("deals:round_list"), {"q": "deep"}, **HTMX)
    html = _html(response)
    assert html.lstrip().startswith('<div id="rounds-table">')
    assert LAYOUT not in html and 'class="card filters"' not in html
    # The one form is "save this search", swapped out of band with the new query.
    assert html.count("<form") == 1 and 'id="save-search" hx-swap-oob="true"' in html
    assert 'name="query" value="q=deep"' in html
    assert "DeepSeek" in html
    assert "HX-Request" in response["Vary"]


def test_round_list_history_restore_gets_the_whole_page(analyst_client, deepseek):
    headers = {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    assert LAYOUT in _html(analyst_client.get(reverse("deals:round_list"), **headers))


ANNOUNCED = '<td data-label="Announced">'


def test_round_list_next_page_link_follows_the_cursor(analyst_client, db):
    company = CompanyFactory()
    for day in range(1, 28):
        RoundFactory(company=company, announced_on=dt.date(2026, 1, day))
    html = _html(analyst_client.get(reverse("deals:round_list"), {"stage": "series_a"}))
    assert f"{ANNOUNCED}27 Jan 2026</td>" in html and f"{ANNOUNCED}2 Jan 2026</td>" not in html
    assert "More than 25 rounds" in html
    assert "after=2026-01-03~" in html and "stage=series_a" in html
    last_on_first = RoundFactory._meta.model.objects.get(announced_on=dt.date(2026, 1, 3))
    page_two = _html(
        analyst_client.get(
            reverse("deals:round_list"),
            {"stage": "series_a", "after": f"2026-01-03~{last_on_first.pk}"},
        )
    )
    assert f"{ANNOUNCED}2 Jan 2026</td>" in page_two
    assert f"{ANNOUNCED}3 Jan 2026</td>" not in page_two
    assert "First page" in page_two


def test_round_detail_shows_every_fact_with_sources(analyst_client, deepseek):
    html = _html(analyst_client.get(deepseek["round"].get_absolute_url()))
    for fact in [
        "Series B",
        "about CN¥50 billion (≈ $7.36 billion)",
        "Converted at ECB rate",
        "$100 billion post-money",
        "Q3 2026",
        "Hillhouse",
        "Lead",
        "DeepSeek raised about 50bn yuan.",
        "Led by Hillhouse.",
        "Caixin",
        "R2 release",
        "June 2027",
        "History",
    ]:
        assert fact in html, fact


def test_company_detail_shows_profile_timeline_investors_and_history(analyst_client, deepseek):
    company = deepseek["company"]
    company.sector = "Artificial intelligence"
    company.save()
    html = _html(analyst_client.get(company.get_absolute_url()))
    for fact in [
        "CN",
        "Hangzhou DeepSeek",
        "https://deepseek.example",
        "Open-weight models.",
        "$7.36 billion",  # total raised
        "Hillhouse",
        "led 1",
        "R2 release",
        "June 2027",
        "DeepSeek raised about 50bn yuan.",
        "Artificial intelligence",  # the change, in the history
    ]:
        assert fact in html, fact


def test_edit_links_only_for_editors_and_only_when_the_url_exists(
    analyst_client, editor_client, deepseek
):
    url = deepseek["company"].get_absolute_url()
    edit_url = reverse("deals:company_edit", kwargs={"slug": "deepseek"})
    assert edit_url not in _html(analyst_client.get(url))
    assert edit_url in _html(editor_client.get(url))


def test_investor_detail_shows_rounds_led_and_company_link(analyst_client, deepseek):
    catl = CompanyFactory(name="CATL", slug="catl")
    investor = InvestorFactory(name="CATL", slug="catl-invest", company=catl, kind="corporate")
    ParticipationFactory(investor=investor, round=deepseek["round"], lead=True)
    html = _html(analyst_client.get(investor.get_absolute_url()))
    assert catl.get_absolute_url() in html
    assert "Rounds led" in html and "DeepSeek" in html and "led 1, joined 0" in html


def test_milestone_detail_shows_date_as_written_and_overdue(analyst_client, db):
    milestone = MilestoneFactory(
        title="Gigafactory opens",
        date_start=dt.date(2025, 1, 1),
        date_end=dt.date(2025, 3, 31),
        precision="quarter",
    )
    CitationFactory(milestone=milestone, sentence="Opening planned for Q1 2025.")
    html = _html(analyst_client.get(milestone.get_absolute_url()))
    assert "Q1 2025" in html and "Overdue" in html
    assert "Opening planned for Q1 2025." in html
    assert milestone.company.name in html


def test_company_and_investor_lists_search(analyst_client, deepseek):
    CompanyFactory(name="Zhipu")
    html = _html(analyst_client.get(reverse("deals:company_list"), {"q": "hangzhou"}))
    assert "DeepSeek" in html and "Zhipu" not in html
    partial = _html(analyst_client.get(reverse("deals:investor_list"), {"q": "hill"}, **HTMX))
    assert partial.lstrip().startswith('<div id="investors-table">') and LAYOUT not in partial
    assert "Hillhouse" in partial


def test_search_page_and_htmx_fragment(analyst_client, deepseek):
    html = _html(analyst_client.get(reverse("deals:search"), {"q": "Deepsek"}))
    assert LAYOUT in html and "DeepSeek" in html
    partial = _html(analyst_client.get(reverse("deals:search"), {"q": "hillhose"}, **HTMX))
    assert partial.lstrip().startswith('<div id="search-results">') and LAYOUT not in partial
    assert "Hillhouse" in partial


def test_missing_objects_are_404(analyst_client, db):
    assert analyst_client.get(reverse("deals:round_detail", kwargs={"pk": 999})).status_code == 404
    assert analyst_client.get("/companies/nope/").status_code == 404
    assert analyst_client.get("/investors/nope/").status_code == 404
    assert analyst_client.get("/milestones/999/").status_code == 404


PAGES = [
    ("dashboard", lambda d: {}),
    ("round_list", lambda d: {}),
    ("round_detail", lambda d: {"pk": d["round"].pk}),
    ("company_list", lambda d: {}),
    ("company_detail", lambda d: {"slug": d["company"].slug}),
    ("investor_list", lambda d: {}),
    ("investor_detail", lambda d: {"slug": d["investor"].slug}),
    ("milestone_detail", lambda d: {"pk": d["milestone"].pk}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_the_data(
    analyst_client, deepseek, django_assert_max_num_queries, name, kwargs
):
    url = reverse(f"deals:{name}", kwargs=kwargs(deepseek))
    _more_rounds(deepseek["company"], deepseek["investor"], 2)  # 3 rounds in all
    with CaptureQueriesContext(connection) as few:
        _html(analyst_client.get(url))
    assert len(few) <= 14  # the company page: its funding chart, network and track record
    _more_rounds(deepseek["company"], deepseek["investor"], 27)  # 30 rounds
    with django_assert_max_num_queries(len(few)):
        _html(analyst_client.get(url))


def test_search_query_count_is_fixed(analyst_client, deepseek, django_assert_max_num_queries):
    for i in range(30):
        CompanyFactory(name=f"Deep {i}")
    with django_assert_max_num_queries(6):
        _html(analyst_client.get(reverse("deals:search"), {"q": "deep"}))


@pytest.mark.django_db
def test_company_with_only_a_pending_round_says_so_instead_of_zero_raised(analyst_client):
    company = CompanyFactory(name="Pendingco", slug="pendingco")
    RoundFactory(company=company, status="pending")

    response = analyst_client.get(reverse("deals:company_detail", kwargs={"slug": "pendingco"}))

    content = response.content.decode()
    assert "No completed round yet" in content
    assert "$0" not in content
