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
