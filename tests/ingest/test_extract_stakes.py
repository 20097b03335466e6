from deals.ingest.extract import extract

from .helpers import article


def rounds_of(text: str) -> list:
    return extract(article(text)).rounds


def test_paying_for_a_stake_is_a_strategic_round_of_the_company_bought_into() -> None:
    [r] = rounds_of(
        "Kestrel Motors will pay 2 billion yuan for a 15% stake in Lumen Drive, the "
        "autonomous-driving unit of Pallas Group, Kestrel said on Monday."
    )
    assert (r.company, r.stage, r.status) == ("Lumen Drive", "strategic", "pending")
    assert r.amount.value == 2_000_000_000 and r.amount.currency == "CNY"
    assert [i.name for i in r.investors] == ["Kestrel Motors"]


def test_two_buyers_paying_the_same_for_identical_stakes_are_two_rounds() -> None:
    rounds = rounds_of(
        "Kestrel Motors will pay 2 billion yuan for a 15% stake in Lumen Drive. "
        "The move mirrors a deal struck by Arden Auto, the truck maker, which agreed to "
        "buy an identical 15% stake for 2 billion yuan."
    )
    assert [r.company for r in rounds] == ["Lumen Drive", "Lumen Drive"]
    assert [[i.name for i in r.investors] for r in rounds] == [["Kestrel Motors"], ["Arden Auto"]]
    assert {r.status for r in rounds} == {"pending"}


def test_a_buyer_only_sentence_pays_for_the_stake_named_before() -> None:
    [r] = rounds_of(
        "Harbor Electronics said it will raise its stake in Vela Robotics to 40%. "
        "Harbor Electronics will spend about 90 billion won on the additional shares."
    )
    assert (r.company, r.stage) == ("Vela Robotics", "strategic")
    assert r.investors[0].name == "Harbor Electronics"


def test_an_agreed_investment_dated_last_year_is_still_pending() -> None:
    rounds = rounds_of(
        "Osprey agreed last year to invest up to 300 million euros in Corra, and Tindal "
        "Motors said in May that it would put in up to 100 million euros."
    )
    assert [(r.company, r.status, r.stage) for r in rounds] == [
        ("Corra", "pending", "strategic"),
        ("Corra", "pending", "strategic"),
    ]
    assert [r.investors[0].name for r in rounds] == ["Osprey", "Tindal Motors"]


def test_investing_in_things_is_not_a_stake() -> None:
    assert rounds_of("Kestrel Motors will invest $2 billion in new battery factories.") == []


def test_one_investors_part_of_a_round_is_not_a_round() -> None:
    rounds = rounds_of(
        "Brightwater has raised £200 million. Fenwick is putting in £20 million, keeping its "
        "stake at about 8%."
    )
    assert [r.amount.value for r in rounds] == [200_000_000]


def test_a_corporate_buying_into_a_named_round_keeps_the_rounds_stage() -> None:
    [r] = rounds_of("Kestrel Motors invested $40 million in Lumen Drive's Series B round.")
    assert r.stage == "series_b"


def test_an_investor_in_talks_is_marked_as_such() -> None:
    [r] = rounds_of(
        "Oakridge Capital is in talks to invest in Solvane as the start-up seeks to raise "
        "$100 million."
    )
    assert r.company == "Solvane"
    assert [(i.name, i.commitment) for i in r.investors] == [("Oakridge Capital", "in_talks")]


def test_a_done_deal_has_confirmed_investors() -> None:
    [r] = rounds_of("Solvane has raised $100 million in a round led by Oakridge Capital.")
    assert [(i.name, i.commitment) for i in r.investors] == [("Oakridge Capital", "confirmed")]


def test_a_funds_investment_outside_a_round_is_not_a_corporate_stake() -> None:
    [r] = rounds_of("Harbor Vision Fund 2 is in talks to invest about $300 million in Tarvo.")
    assert (r.company, r.stage, r.status) == ("Tarvo", "unknown", "pending")


def test_a_sponsor_named_alone_in_the_headline_is_its_fund() -> None:
    [r] = extract(
        article(
            "Harbor Vision Fund 2 is in talks to invest about $300 million in Tarvo.",
            title="Harbor in talks to invest $300m in Tarvo",
        )
    ).rounds
    assert [i.name for i in r.investors] == ["Harbor Vision Fund 2"]
