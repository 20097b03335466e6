"""Financing frames beyond "X raised": grants, split raises, totals, listings, roundups."""

from deals.ingest.extract import extract

from .helpers import article


def rounds_of(text: str, title: str = "") -> list:
    return extract(article(text, title=title)).rounds


def test_a_government_providing_a_subsidy_is_a_grant_to_the_company_named() -> None:
    [r] = rounds_of(
        "The energy ministry said it had decided to provide Corvane Materials with subsidies "
        "of up to 40 billion yen for its new smelter."
    )
    assert (r.company, r.stage, r.amount.currency) == ("Corvane Materials", "grant", "JPY")


def test_subsidies_awaiting_approval_are_pending() -> None:
    [r] = rounds_of(
        "Brisa Cells has received about 300 million euros of public subsidies, which still "
        "have to be validated by the European Commission."
    )
    assert (r.stage, r.status) == ("grant", "pending")


def test_a_headline_calling_the_money_off_cancels_the_grant() -> None:
    [r] = rounds_of(
        "The state had agreed in 2023 to support Velmar's Tarn plant with subsidies of "
        "around EUR 2 billion.",
        title="Velmar drops Tarn plant - EUR 2 billion in subsidies will not flow",
    )
    assert (r.company, r.stage, r.status) == ("Velmar", "grant", "cancelled")


def test_a_raise_split_into_equity_and_loans_is_a_round_per_part_not_the_total() -> None:
    rounds = rounds_of(
        "Lyra Rockets raised 9 billion yen in the second close of its Series D. Of that, "
        "6 billion yen is new equity from Hollin Bank. The remaining 3 billion yen comes "
        "from loans."
    )
    assert sorted((r.amount.value, r.stage) for r in rounds) == [
        (3_000_000_000, "debt"),
        (6_000_000_000, "series_d"),
    ]


def test_money_raised_before_this_deal_is_a_total() -> None:
    rounds = rounds_of(
        "Pellan has signed a EUR 80 million convertible bond with Arvo Partners. Pellan had "
        "raised more than EUR 300 million in equity before this deal."
    )
    assert [(r.amount.value, r.stage) for r in rounds] == [(80_000_000, "debt")]
    assert [i.name for i in rounds[0].investors] == ["Arvo Partners"]


def test_a_listing_stated_in_two_currencies_is_one_round() -> None:
    [r] = rounds_of(
        "Korrin's INR 5,000-crore initial public offering closed on Friday. Priced at the top "
        "of the range, the IPO raised about $600 million."
    )
    assert (r.company, r.stage) == ("Korrin", "ipo")
    assert r.amount.currency == "INR" and r.amount_usd == 600_000_000


def test_anchor_allotments_are_investors_of_the_listing_not_rounds() -> None:
    [r] = rounds_of(
        "Korrin's INR 5,000-crore initial public offering closed on Friday. Ahead of the issue, "
        "the company collected INR 2,000 crore from anchor investors, a list that included "
        "Dunmore Capital and Pell Fund."
    )
    assert {i.name for i in r.investors} == {"Dunmore Capital", "Pell Fund"}


def test_an_investor_leading_a_round_in_a_company_names_that_company() -> None:
    [r] = rounds_of("Weeks later Ostra Capital led a round of $60 million in Lisbon-based Quill.")
    assert r.company == "Quill"
    assert [(i.name, i.lead) for i in r.investors] == [("Ostra Capital", True)]


def test_a_roundups_combined_figure_is_not_a_round() -> None:
    rounds = rounds_of(
        "Quill raised $60 million. Brava raised $40 million. By our count the two rounds "
        "brought in $100 million between them."
    )
    assert sorted(r.company for r in rounds) == ["Brava", "Quill"]


def test_a_contracts_value_is_not_a_round() -> None:
    assert rounds_of("Quill says it has signed contracts worth close to $200 million.") == []


def test_a_loan_that_fell_through_in_a_later_sentence_is_cancelled() -> None:
    [r] = rounds_of(
        "Skyvane had been seeking a 80 million euro loan from state development bank Nordfin. "
        "The regional government then withdrew its guarantee, so the whole loan fell through."
    )
    assert (r.stage, r.status) == ("debt", "cancelled")
    assert [i.name for i in r.investors] == ["Nordfin"]


def test_investors_named_before_the_figure_join_the_deal() -> None:
    [r] = rounds_of(
        "Tessel has secured new funding from a group of backers. The investor group includes "
        "Harbor Ventures and Quarry Capital. People familiar with the deal put the new money "
        "at about $40 million."
    )
    assert {i.name for i in r.investors} == {"Harbor Ventures", "Quarry Capital"}


def test_a_figure_an_earlier_version_got_wrong_is_not_a_round() -> None:
    rounds = rounds_of(
        "Pellan has raised $90 million in a Series C round. Correction: An earlier version "
        "of this article said Pellan had raised $70 million."
    )
    assert [r.amount.value for r in rounds] == [90_000_000]


def test_money_spent_in_a_country_is_not_a_round() -> None:
    assert rounds_of("Pellan said it would invest £500 million in the UK over five years.") == []


def test_a_long_apposition_does_not_hide_the_company() -> None:
    [r] = rounds_of(
        "Cobaltix, the Austin, Texas-based company that rents out Nvidia chips to AI labs, said "
        "it had secured a $2 billion debt facility."
    )
    assert (r.company, r.stage) == ("Cobaltix", "debt")


def test_an_ipo_filing_without_a_size_is_a_pending_listing_without_its_backers() -> None:
    [r] = rounds_of(
        "Chip designer Qorvia filed publicly on Tuesday for an initial public offering in New "
        "York. Qorvia is backed by investors including Harbor Ventures and Tejo Capital."
    )
    assert (r.company, r.stage, r.status, r.amount) == ("Qorvia", "ipo", "pending", None)
    assert r.investors == []


def test_a_withdrawn_listing_is_cancelled_and_takes_the_size_it_could_have_had() -> None:
    [r] = rounds_of(
        "Brightline Logistics has withdrawn its application for an initial public offering in "
        "Hong Kong. The offering could have raised about $500 million."
    )
    assert (r.company, r.stage, r.status) == ("Brightline Logistics", "ipo", "cancelled")
    assert r.amount.value == 500_000_000


def test_tranches_of_one_kind_are_parts_of_the_raise_not_rounds() -> None:
    rounds = rounds_of(
        "Orbitel's capital increase is now set to raise 900 million euros. First, a reserved "
        "capital increase of 500 million euros will be subscribed by its main shareholders. "
        "A rights issue of 400 million euros open to all shareholders will follow."
    )
    assert [(r.company, r.amount.value) for r in rounds] == [("Orbitel", 900_000_000)]


def test_one_investors_part_joining_a_raise_is_not_a_round() -> None:
    rounds = rounds_of(
        "The Dutch state will invest 50 million euros in Orbitel, the operator said, joining "
        "a capital increase that is set to raise 900 million euros."
    )
    assert [r.amount.value for r in rounds] == [900_000_000]


def test_a_round_closed_without_a_figure_counts_once_it_names_a_lead() -> None:
    rounds = rounds_of(
        "Vantor raised $30 million last week. Separately, the Lisbon company Tarvo, whose "
        "drones fly for coastguards, has closed a financing round led by Ostra Capital, with "
        "Harbor Ventures also investing."
    )
    tarvo = next(r for r in rounds if r.company == "Tarvo")
    assert (tarvo.amount, tarvo.valuation) == (None, None)
    assert [(i.name, i.lead) for i in tarvo.investors] == [
        ("Ostra Capital", True),
        ("Harbor Ventures", False),
    ]


def test_a_round_closed_without_a_figure_or_investor_is_not_reported() -> None:
    assert rounds_of("Back in 2021, Tarvo closed a Series A round.") == []


def test_a_national_government_giving_a_subsidy_is_its_investor() -> None:
    [r] = rounds_of(
        "The South Korean government will provide Hanol Chips with subsidies of 900 billion "
        "won for its new fab, the trade ministry said on Thursday."
    )
    assert (r.company, r.stage, r.status) == ("Hanol Chips", "grant", "pending")
    assert [i.name for i in r.investors] == ["South Korean Government"]


def test_an_investor_in_talks_to_invest_part_of_a_round_joins_that_round() -> None:
    [r] = rounds_of(
        "Quillon AI is in talks to raise $2 billion in a funding round led by Harrow Partners. "
        "Bellmere Capital is in talks to invest as much as $300 million, and Oakvale Fund is "
        "also in discussions to take part."
    )
    names = [i.name for i in r.investors]
    assert (r.company, r.amount.value) == ("Quillon AI", 2_000_000_000)
    assert {"Harrow Partners", "Bellmere Capital"} <= set(names)


def test_a_buyer_in_talks_to_invest_in_a_named_company_is_still_a_stake() -> None:
    [r] = rounds_of(
        "Marden Motors is in talks to invest $400 million in Skyline Aero, people said."
    )
    assert (r.company, [i.name for i in r.investors]) == ("Skyline Aero", ["Marden Motors"])
