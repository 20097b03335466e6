from datetime import UTC, date, datetime

import pytest

from deals.ingest.clean import clean_html
from deals.ingest.published import published_from_text, relative_published

FETCHED = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_relative_publication_counts_back_from_the_fetch() -> None:
    fetched = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    assert relative_published("Markets 3 hrs ago", fetched) == date(2026, 3, 1)
    assert relative_published("posted 2 days ago", fetched) == date(2026, 2, 28)
    assert relative_published("no date here", fetched) is None


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Published 2026.03.09 21:40 KST | Updated 2026.03.10 08:00 KST", date(2026, 3, 9)),
        ("Input 2026.03.08 10:02 | Modified 2026.03.09 11:00", date(2026, 3, 8)),
        ("Published on 07/03/2026 at 09:15 - Updated on 08/03/2026", date(2026, 3, 7)),
        ("By Ana Ruiz · Published Fri, Mar 6, 2026 · 4:10 PM", date(2026, 3, 6)),
        ("Updated: 5 March 2026", date(2026, 3, 5)),
    ],
)
def test_labelled_stamp_in_house_styles(stamp: str, expected: date) -> None:
    text = f"SECTION | Energy\n{stamp}\nFusion start-up picks a site for April 2027 plant\nBody."
    assert published_from_text(text, FETCHED) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("04.03.2026, 07:30", date(2026, 3, 4)),
        ("2026/3/4 18:05 JST", date(2026, 3, 4)),
        ("04.03.2026 – 07:30 Uhr", date(2026, 3, 4)),
    ],
)
def test_a_line_holding_only_a_date_and_time(line: str, expected: date) -> None:
    text = f"Wind maker to open Gdansk yard on June 30\n\n{line}\n\nGdansk. The yard ..."
    assert published_from_text(text, FETCHED) == expected


def test_ambiguous_numeric_date_takes_the_reading_not_after_the_fetch() -> None:
    # 03/09/2026 is 3 September (after the fetch) or 9 March (the day before it).
    assert published_from_text("Posted 03/09/2026", FETCHED) == date(2026, 3, 9)


def test_dateline_wins_over_a_date_in_the_headline() -> None:
    text = (
        "Rocket maker sets April 2 for second test flight\n\n"
        "OSLO, March 9 (Spacewire) - A Norwegian rocket maker said on Monday it would ..."
    )
    assert published_from_text(text, FETCHED) == date(2026, 3, 9)


def test_dateline_with_a_state_after_the_city() -> None:
    text = "Launch window opens\nHOUSTON, Texas., Mar 8 (Wire) - The lander ..."
    assert published_from_text(text, FETCHED) == date(2026, 3, 8)


def test_no_date_gives_none() -> None:
    assert published_from_text("Robot maker raises money\nIt will hire.", FETCHED) is None


def test_html_byline_stamp_when_the_page_has_no_metadata() -> None:
    html = (
        "<html><head><title>Corvid</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Corvid raises $50m</h1>"
        "<p class='meta'>By Rui Costa &middot; Published Sat, Mar 7, 2026 &middot; 9:00</p>"
        "<p>Corvid, the Lisbon robotics start-up, has raised $50 million in a Series B round "
        "led by Tagus Ventures, the company said on Friday, and plans a plant by June 2027.</p>"
        "<p>The money will pay for a second factory and for hiring engineers in Porto.</p>"
        "</article></body></html>"
    )
    cleaned = clean_html(html, url="https://wire.example/a", fetched_at=FETCHED)
    assert cleaned.published == date(2026, 3, 7)
