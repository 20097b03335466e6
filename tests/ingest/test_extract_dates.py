from datetime import date

import pytest

from deals.ingest.extract.dates import find_dates, first_absolute_date

PUBLISHED = date(2026, 11, 26)  # a Thursday


def only(text: str, ref: date = PUBLISHED) -> tuple[str, str, str]:
    [found] = find_dates(text, ref)
    return found.range.start.isoformat(), found.range.end.isoformat(), found.range.precision


def test_bare_month_in_a_forward_sentence_is_the_next_such_month() -> None:
    assert only("The round may close by June.") == ("2027-06-01", "2027-06-30", "month")


def test_bare_month_in_a_past_sentence_is_the_last_such_month() -> None:
    assert only("It raised $20 million in June.")[:2] == ("2026-06-01", "2026-06-30")


def test_weekday_ahead_is_the_coming_day() -> None:
    assert only("Shares are expected to begin trading on Monday.")[:2] == ("2026-11-30",) * 2


def test_weekday_in_the_past_is_the_previous_day() -> None:
    assert only("The company said on Tuesday it had raised funds.")[0] == "2026-11-24"


def test_quarter_and_half_spans() -> None:
    assert only("It expects approval in Q2 2027.") == ("2027-04-01", "2027-06-30", "quarter")
    assert only("Production should begin in the second half of next year.") == (
        "2027-07-01",
        "2027-12-31",
        "half",
    )


def test_later_this_year_runs_from_publication_to_year_end() -> None:
    assert only("It hopes to show that later this year.")[:2] == ("2026-11-26", "2026-12-31")


def test_end_of_a_year_is_that_year() -> None:
    assert only("It plans to finish the plant by the end of 2028.")[:2] == (
        "2028-01-01",
        "2028-12-31",
    )


def test_following_day_counts_from_the_previous_date() -> None:
    found = find_dates(
        "Pricing is set for December 3 and trading starts the following day.", PUBLISHED
    )
    assert [f.range.start.isoformat() for f in found] == ["2026-12-03", "2026-12-04"]


def test_day_without_year_takes_the_nearest_year() -> None:
    assert first_absolute_date("LONDON, Dec 30 (Wire) - text", date(2027, 1, 2)) == date(
        2026, 12, 30
    )


@pytest.mark.parametrize("text", ["", "In 2,250 shops", "revenue rose 20%"])
def test_finds_nothing_where_there_is_no_date(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_month_span_quarter() -> None:
    assert only("output starts in the October-December quarter of this year") == (
        "2026-10-01",
        "2026-12-31",
        "quarter",
    )


def test_h2_before_a_name_is_not_a_half_year() -> None:
    assert [f.text for f in find_dates("H2 Green Steel raised money in 2026", PUBLISHED)] == [
        "2026"
    ]


def test_year_followed_by_a_comma_is_a_year() -> None:
    assert only("Both are due in 2027, the company said") == ("2027-01-01", "2027-12-31", "year")


def test_the_nearest_verb_before_a_weekday_sets_its_tense() -> None:
    # "we will" inside a quote does not make Monday's letter a future event.
    [found] = find_dates('"We will stop," the chief wrote on Monday', PUBLISHED)
    assert found.range.start.isoformat() == "2026-11-23"


def test_a_year_later_follows_the_previous_date() -> None:
    [first] = find_dates("production in 2028", PUBLISHED)
    [later] = find_dates("a version is planned for a year later", PUBLISHED, first.range)
    assert later.range.start.isoformat() == "2029-01-01"
