import pytest

from deals.ingest.extract import extract

from .helpers import article


def milestones_of(text: str) -> list:
    return extract(article(text)).milestones


def test_release_month_ahead_is_a_milestone() -> None:
    [m] = milestones_of(
        "Corvid has raised $50 million. The company plans to release its Atlas 2 model in June."
    )
    assert m.company == "Corvid"
    assert "Atlas 2" in m.title
    assert (m.date.start.isoformat(), m.date.end.isoformat()) == ("2026-06-01", "2026-06-30")


def test_trading_debut_on_a_weekday() -> None:
    [m] = milestones_of(
        "Pellam priced its IPO, raising $400 million. Its shares are expected "
        "to start trading on the New York Stock Exchange on Thursday."
    )
    assert "trading" in m.title.lower()
    assert m.date.start.isoformat() == "2026-03-12"  # the Thursday after Tuesday 10 March
    assert m.kind == "listing"


def test_past_dates_are_not_milestones() -> None:
    assert milestones_of("Ostrava said in January that it had opened its plant in 2024.") == []


def test_pending_round_with_close_date_gets_a_close_milestone() -> None:
    titles = [
        m.title
        for m in milestones_of(
            "Nimbus is in talks to raise $80 million and may close the round by September."
        )
    ]
    assert any("close" in t.lower() for t in titles)


def test_the_project_is_named_from_an_earlier_sentence() -> None:
    [m] = milestones_of(
        "Most of the money goes to Harrow Bay, a 900-megawatt project. "
        "Chief executive Ana Ruiz said the project remains on course to be "
        "finished by the end of 2028."
    )
    assert "Harrow Bay" in m.title


def test_milestone_only_article_names_the_acting_company_not_the_dateline_city() -> None:
    [m] = milestones_of(
        "ROSEVILLE, Calif. - Quorra Semiconductor said it had picked a site for a new test "
        "line. Quorra Semiconductor plans to begin volume production at the site in the "
        "second half of 2028."
    )
    assert m.company == "Quorra Semiconductor"
    assert "production" in m.title.lower()
    assert (m.date.start.isoformat(), m.date.end.isoformat()) == ("2028-07-01", "2028-12-31")


def test_title_keeps_the_model_names_of_a_roadmap() -> None:
    found = milestones_of(
        "Velmont Chips showed its roadmap on Tuesday. Velmont Chips said its K7 line is on "
        "track for volume production in the fourth quarter. K8P, a faster version, and K9, "
        "which adds optical links, are both scheduled for volume production in the second "
        "half of 2027."
    )
    titles = sorted(m.title.split()[0] for m in found)
    assert titles == ["K7", "K8P", "K9"]
    assert all(m.company == "Velmont Chips" for m in found)


def test_the_chips_take_the_model_names_of_the_sentence_before() -> None:
    [m] = milestones_of(
        "Velmont Chips unveiled two accelerators at its conference. The VX200 and VX210 carry "
        "more memory than before. Velmont Chips said the chips have begun sampling and will be "
        "broadly available from cloud providers in the third quarter."
    )
    assert "VX200" in m.title


def test_a_government_plan_is_not_a_company_milestone() -> None:
    assert (
        milestones_of(
            "Brava Cells has raised $40 million. The Government hopes to produce a million "
            "batteries a year by 2030."
        )
        == []
    )


def test_it_is_the_company_that_opened_the_sentence_before() -> None:
    found = milestones_of(
        "Larch Motors and Fenwick Auto began merger talks on Monday. Larch Motors aims to sign "
        "a final agreement in June. Osprey Trucks signed a separate memorandum. It expects to "
        "reach a decision by the end of April."
    )
    by_title = {m.title: m.company for m in found}
    assert by_title["Sign a final agreement"] == "Larch Motors"
    assert by_title["Reach a decision"] == "Osprey Trucks"


def test_second_of_two_tranches_gets_its_own_milestone() -> None:
    found = milestones_of(
        "Aldous Air will receive $200 million from Kestrel Motors in two tranches. The first "
        "tranche is scheduled to close this year and the second in 2027."
    )
    years = {m.title.split()[0].lower(): m.date.start.year for m in found}
    assert years == {"first": 2026, "second": 2027}


def test_a_year_later_counts_from_the_date_before() -> None:
    found = milestones_of(
        "Velmont Chips expects its K9 process to enter production in 2028. A version of K9 "
        "with backside power is planned for a year later."
    )
    assert sorted(m.date.start.year for m in found) == [2028, 2029]


def test_vague_windows_maturities_and_analyst_views_are_not_milestones() -> None:
    assert (
        milestones_of(
            "Nimbra said it would file new plans in the coming days. "
            "It sold convertible notes due 2031. "
            "Analysts warned that high costs could weigh on margins next year."
        )
        == []
    )


def test_a_headline_restating_the_body_adds_no_milestone() -> None:
    found = extract(
        article(
            "Pellam said it will open its Tilbury plant in the third quarter of 2027.",
            title="Pellam to open Tilbury plant in 2027",
        )
    ).milestones
    assert len(found) == 1


def test_the_company_is_the_one_the_sentence_before_opened_with() -> None:
    found = milestones_of(
        "Kestrel Robotics and Osprey Drive both listed in Hong Kong on Thursday, a rival of "
        "Osprey Drive said. Kestrel Robotics said it would use the money to build vans. The "
        "company expects its fleet to exceed 500 vans by the end of the year."
    )
    assert [m.company for m in found] == ["Kestrel Robotics"]


def test_a_model_named_title_replaces_a_generic_one_of_the_same_period() -> None:
    found = milestones_of(
        "Velmont Chips will move to rack-scale systems in 2027. Orion and the VX300 series "
        "are due in 2027, Velmont Chips said."
    )
    assert len(found) == 1
    assert "VX300" in found[0].title


def test_a_which_clause_takes_its_antecedent_as_the_thing() -> None:
    [m] = milestones_of(
        "Quorra said the round prepares the ground for a stock market listing, which Quorra "
        "is targeting for next year."
    )
    assert m.title == "Stock market listing"
    assert m.company == "Quorra"
    assert m.date.start.year == 2027


@pytest.mark.parametrize("quote", ['"', ""])
def test_we_is_the_company_that_speaks(quote: str) -> None:
    [m] = milestones_of(
        f"Quorra Semiconductor picked Roseville for its test line. {quote}We expect to start "
        f"volume production there in the second half of 2028,{quote} Quorra Semiconductor said."
    )
    assert m.company == "Quorra Semiconductor"
    assert "production" in m.title.lower()
