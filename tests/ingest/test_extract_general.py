"""General rules found by scoring on a held-out set (bench/extract_cases); the sentences
here are written for the tests and name no real deal."""

from datetime import UTC, date, datetime
from decimal import Decimal

from deals.ingest.clean import clean_text
from deals.ingest.extract import extract
from deals.ingest.extract.dates import find_dates

from .helpers import article

REF = date(2026, 3, 10)


def rounds_of(text: str, title: str = "") -> list:
    return extract(article(text, title=title)).rounds


def milestones_of(text: str) -> list:
    return extract(article(text)).milestones


def by_amount(rounds: list) -> dict:
    return {r.amount.value if r.amount else None: r for r in rounds}


# --- time: a figure dated before publication is another, finished event -------------


def test_earlier_round_is_not_merged_with_a_conversion_of_the_new_one() -> None:
    rounds = rounds_of(
        "Grocer Kestrel has raised Rs 2,900 crore, or roughly $345 million, from Indian "
        "family offices. In October, the Pune-based company raised $335 million in a round "
        "led by Harbor Lane, which valued it at $3 billion."
    )
    found = by_amount(rounds)
    assert set(found) == {Decimal(29_000_000_000), Decimal(335_000_000)}
    earlier = found[Decimal(335_000_000)]
    assert (earlier.company, earlier.status) == ("Kestrel", "completed")
    assert [(i.name, i.lead) for i in earlier.investors] == [("Harbor Lane", True)]


def test_valuation_of_an_earlier_round_is_its_own_event() -> None:
    rounds = rounds_of(
        "Quillon plans to sell shares worth up to $500 million in its initial public "
        "offering. At the top of the range it would have a market value of $4 billion, well "
        "below the $7 billion it was valued at in a private funding round in 2021."
    )
    ipo = next(r for r in rounds if r.stage == "ipo")
    earlier = next(r for r in rounds if r is not ipo)
    assert ipo.valuation.value == Decimal(4_000_000_000)
    assert earlier.amount is None and earlier.valuation.value == Decimal(7_000_000_000)
    assert earlier.status == "completed"


def test_a_past_verb_after_a_hedge_reports_a_finished_raise() -> None:
    rounds = rounds_of(
        "The money would help Ostrava keep pace with rivals such as Lumen's zTech, which "
        "raised $2 billion in January."
    )
    [r] = rounds
    assert (r.company, r.status) == ("zTech", "completed")


def test_cancellation_stated_after_the_figure() -> None:
    [r] = rounds_of("Pellam's $3 billion stock market listing was called off on Tuesday.")
    assert (r.company, r.stage, r.status) == ("Pellam", "ipo", "cancelled")


# --- roles: figures that are not a round -------------------------------------------


def test_spending_on_things_is_not_a_round() -> None:
    rounds = rounds_of(
        "Norvik raised $400 million in a Series C round. It announced a £1 billion "
        "investment in UK data centres earlier this month."
    )
    assert [r.amount.value for r in rounds] == [Decimal(400_000_000)]


def test_the_leads_share_is_not_a_round() -> None:
    [r] = rounds_of(
        "Corvel is in talks to raise $2 billion. Pine Ridge Capital is expected to lead "
        "the round with about $500 million."
    )
    assert r.amount.value == Decimal(2_000_000_000)
    assert [(i.name, i.lead) for i in r.investors] == [("Pine Ridge Capital", True)]


def test_money_raised_over_the_past_year_is_a_total() -> None:
    rounds = rounds_of(
        "The cloud provider has now raised more than $9 billion in debt and equity over the "
        "past year. Tarn Compute secured a $3 billion loan facility on Friday."
    )
    assert [r.amount.value for r in rounds] == [Decimal(3_000_000_000)]


def test_a_planned_ipo_in_the_headline_is_not_the_rounds_stage() -> None:
    [r] = rounds_of(
        "Fennic has raised $80 million from new investors.",
        title="Fennic raises $80 million ahead of planned IPO",
    )
    assert r.stage == "unknown"


def test_borrowing_is_debt_and_a_facility_names_its_leads() -> None:
    rounds = rounds_of(
        "Halden secured a $900 million debt facility. The facility was led by Oakmere and "
        "Brightwater. Castor Credit and Velo Partners also provided capital. Last year, "
        "Halden borrowed $400 million from lenders led by Oakmere, using its servers as "
        "collateral."
    )
    found = by_amount(rounds)
    assert {i.name: i.lead for i in found[Decimal(900_000_000)].investors} == {
        "Oakmere": True,
        "Brightwater": True,
        "Castor Credit": False,
        "Velo Partners": False,
    }
    earlier = found[Decimal(400_000_000)]
    assert earlier.stage == "debt"
    assert [i.name for i in earlier.investors] == ["Oakmere"]


# --- investors -----------------------------------------------------------------------


def test_investor_lists_continued_after_the_verb() -> None:
    [r] = rounds_of(
        "Tallis has raised $60 million in a Series B round led by Greyhaven. Existing "
        "backers Orchard Fund and Lowell Partners joined, as did Baymark Capital. Sable "
        "Ventures took part, along with Juniper Growth and Rook Capital."
    )
    assert {i.name for i in r.investors} == {
        "Greyhaven",
        "Orchard Fund",
        "Lowell Partners",
        "Baymark Capital",
        "Sable Ventures",
        "Juniper Growth",
        "Rook Capital",
    }


def test_the_round_included_and_named_backers() -> None:
    [r] = rounds_of(
        "Perrin raised $300 million at a $2 billion valuation. The round included existing "
        "investors Halo Capital and Wren Ventures, as well as new backers Ember Fund. Kite "
        "Partners and Moss Capital are backers, as is former banker Jane Doyle."
    )
    assert {i.name for i in r.investors} == {
        "Halo Capital",
        "Wren Ventures",
        "Ember Fund",
        "Kite Partners",
        "Moss Capital",
        "Jane Doyle",
    }


def test_a_colon_list_of_individuals_and_a_participle_apposition() -> None:
    [r] = rounds_of(
        "Orla has raised a €50 million seed round. The round was led by Partners Fund, "
        "acting on behalf of its clients, and Crane Capital. Tern Ventures also took part, "
        "alongside a list of individuals: telecoms billionaire Marc Vidal and former "
        "minister Ana Ruiz."
    )
    assert {(i.name, i.lead) for i in r.investors} == {
        ("Partners Fund", True),
        ("Crane Capital", True),
        ("Tern Ventures", False),
        ("Marc Vidal", False),
        ("Ana Ruiz", False),
    }


def test_names_new_lowercase_start_and_descriptors() -> None:
    [r] = rounds_of(
        "Brio raised $90 million in a Series A led by New Harbor Associates. Chipmaker "
        "Zentek also invested."
    )
    assert {i.name for i in r.investors} == {"New Harbor Associates", "Zentek"}


def test_a_short_form_of_a_listed_investor_is_the_same_investor() -> None:
    [r] = rounds_of(
        "Dune has raised $50 million in a round led by Arbor Ridge Financial Services. "
        "Arbor Ridge put in about $20 million of the total."
    )
    assert [(i.name, i.lead) for i in r.investors] == [("Arbor Ridge Financial Services", True)]


def test_investment_by_one_company_in_another() -> None:
    [r] = rounds_of(
        "Contoso and Q17, the Dubai-based AI company, today announced a strategic "
        "investment of $1.5 billion by Contoso in Q17."
    )
    assert (r.company, r.stage) == ("Q17", "strategic")
    assert [i.name for i in r.investors] == ["Contoso"]


def test_a_descriptive_company_phrase_stands_for_the_primary_company() -> None:
    rounds = rounds_of(
        "Velora is in talks to raise $1 billion. The Lisbon-based company is also "
        "negotiating to borrow $300 million from banks."
    )
    assert {r.company for r in rounds} == {"Velora"}
    assert {r.stage for r in rounds} == {"unknown", "debt"}


def test_close_date_in_a_sentence_of_its_own() -> None:
    [r] = rounds_of(
        "Marlow is in talks to raise $400 million, people familiar said. Terms could still "
        "change, and the round is expected to close later this month."
    )
    assert r.expected_close is not None
    assert (r.expected_close.start, r.expected_close.end) == (REF, date(2026, 3, 31))


# --- dates and milestones --------------------------------------------------------------


def test_within_weeks_and_reporting_periods() -> None:
    [within] = find_dates("It plans to release the model within two weeks.", REF)
    assert (within.range.start, within.range.end) == (REF, date(2026, 3, 24))
    [day] = find_dates("It is due to report third-quarter results on October 23.", REF)
    assert (day.range.start.month, day.range.start.day) == (10, 23)
    [month] = find_dates("In August, it raised $40 million.", REF)
    assert month.range.start == date(2025, 8, 1)


def test_former_plans_and_baselines_are_not_milestones() -> None:
    assert not milestones_of(
        "Brant's listing was suspended. Trading had been scheduled to begin on Thursday."
    )
    titles = [
        m.title
        for m in milestones_of(
            "Brant expects to run 30 plants by the end of the year, up from 12 at the start "
            "of 2026."
        )
    ]
    assert len(titles) == 1 and "30 plants" in titles[0]


def test_a_purpose_is_not_a_milestone_and_a_subject_names_what_begins() -> None:
    assert not milestones_of(
        "The founders say the money will pay for computing power and for a team of 20 "
        "researchers this year."
    )
    [m] = milestones_of(
        "Construction of its second plant, Hoburg, designed for 40,000 tons a year, is set "
        "to begin in June."
    )
    assert m.title.startswith("Construction of its second plant")


def test_two_plans_of_one_kind_on_different_dates_are_both_kept() -> None:
    milestones = milestones_of(
        "Arden expects to sign its first production agreement next quarter, and plans to "
        "open an office in Boston in H2."
    )
    assert len(milestones) == 2


def test_press_release_dateline_and_today() -> None:
    cleaned = clean_text(
        "Acme invests in Q17\n"
        "DUBAI, United Arab Emirates and SEATTLE, Wash. -- April 15, 2026 -- Acme Corp. "
        "today announced an investment of $200 million in Q17.",
        url="https://news.example/release",
        fetched_at=datetime(2026, 4, 17, 8, 0, tzinfo=UTC),
    )
    assert cleaned.published == date(2026, 4, 15)
    [r] = extract(cleaned).rounds
    assert r.company == "Q17"


# --- names, investor roles and dates from articles outside the sets ------------------


def test_money_words_and_valuation_are_never_a_company() -> None:
    rounds = rounds_of(
        "The startup is in talks to raise $2 billion in new funding.",
        title="AI Startup Eyes $300 Billion Valuation",
    )
    assert all("Billion" not in r.company and "Valuation" not in r.company for r in rounds)


def test_an_investor_in_talks_to_invest_is_not_the_company() -> None:
    rounds = rounds_of(
        "Kestrel Partners is in talks to invest in Brightwave as part of a $200 million round."
    )
    assert [(r.company, r.status) for r in rounds] == [("Brightwave", "pending")]
    assert [i.name for i in rounds[0].investors] == ["Kestrel Partners"]
    later = rounds_of(
        "Kestrel Partners is in talks to invest in Brightwave. Brightwave is raising "
        "$200 million, people familiar said."
    )
    assert [r.company for r in later] == ["Brightwave"]
    assert [i.name for i in later[0].investors] == ["Kestrel Partners"]


def test_banks_leading_an_ipo_are_not_investors() -> None:
    for text in (
        "Zentro is seeking to raise $400 million in its IPO. The offering is being led by "
        "Harbor Bank and Crest Securities.",
        "Zentro priced its $400 million IPO. Harbor Bank and Crest Securities led the offering.",
        "Zentro is seeking to raise $400 million in its IPO. Harbor Bank and Crest "
        "Securities are the lead underwriters.",
    ):
        (ipo,) = rounds_of(text)
        assert ipo.stage == "ipo" and ipo.investors == [], text


def test_a_grant_provider_funds_only_the_grant() -> None:
    found = by_amount(
        rounds_of(
            "Norsteel secured EUR 600 million in debt financing and a EUR 250 million grant "
            "from the EU Innovation Fund."
        )
    )
    debt, grant = found[Decimal(600_000_000)], found[Decimal(250_000_000)]
    assert (debt.stage, debt.investors) == ("debt", [])
    assert grant.stage == "grant"
    assert [i.name for i in grant.investors] == ["EU Innovation Fund"]


def test_and_inside_one_name_and_between_two() -> None:
    (r,) = rounds_of(
        "Tarsil raised $100 million in a round led by Crestline Asset and Wealth Management, "
        "with participation from Accel and Index Ventures."
    )
    assert [(i.name, i.lead) for i in r.investors] == [
        ("Crestline Asset and Wealth Management", True),
        ("Accel", False),
        ("Index Ventures", False),
    ]
    (r,) = rounds_of("Tarsil raised $100 million from Oakline Capital and Index Ventures.")
    assert [i.name for i in r.investors] == ["Oakline Capital", "Index Ventures"]


def test_a_day_without_a_year_looking_ahead_is_in_the_future() -> None:
    (ahead,) = find_dates("Tarsil will report its results on October 23.", REF)
    assert ahead.range.start == date(2026, 10, 23)
    (back,) = find_dates("Tarsil reported its results on February 23.", REF)
    assert back.range.start == date(2026, 2, 23)
