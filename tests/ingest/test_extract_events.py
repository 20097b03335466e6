from decimal import Decimal

from deals.ingest.extract import extract

from .helpers import article


def rounds_of(text: str, title: str = "") -> list:
    return extract(article(text, title=title)).rounds


def test_completed_series_round_with_lead_and_participants() -> None:
    [r] = rounds_of(
        "Lumora, the Oslo-based battery recycler, has raised $40 million in a Series B round "
        "led by Northwind Ventures, valuing the company at $300 million. Existing investors "
        "Greyfield Capital and Ostra Partners also participated."
    )
    assert (r.company, r.stage, r.status) == ("Lumora", "series_b", "completed")
    assert r.amount.value == Decimal(40_000_000) and r.amount.currency == "USD"
    assert r.valuation.value == Decimal(300_000_000)
    assert {(i.name, i.lead) for i in r.investors} == {
        ("Northwind Ventures", True),
        ("Greyfield Capital", False),
        ("Ostra Partners", False),
    }


def test_talks_make_a_pending_round_with_its_close_date() -> None:
    [r] = rounds_of(
        "Digital lender Pennant is in talks to raise £150m (about $190m) from new "
        "investors and could close the deal by June."
    )
    assert (r.company, r.status, r.amount.currency) == ("Pennant", "pending", "GBP")
    assert r.amount_usd == Decimal(190_000_000)
    assert r.expected_close.start.isoformat() == "2026-06-01"


def test_withdrawn_deal_is_cancelled_and_names_the_company_it_was_for() -> None:
    [r] = rounds_of(
        "Buyout firm Cobalt Partners has pulled out of a planned deal to inject "
        "about £2 billion of new equity into Severn Utilities."
    )
    assert (r.company, r.status) == ("Severn Utilities", "cancelled")
    assert [i.name for i in r.investors] == ["Cobalt Partners"]


def test_headline_restating_the_body_adds_no_round() -> None:
    rounds = rounds_of(
        "Tessel has raised $25 million in a Series A round led by Arbor Fund.",
        title="Tessel raises $25M Series A",
    )
    assert len(rounds) == 1


def test_earlier_round_in_the_body_is_its_own_round() -> None:
    rounds = rounds_of(
        "Quill has raised $90 million in a Series C round. It follows a "
        "$30 million Series B in 2023."
    )
    assert sorted(r.stage for r in rounds) == ["series_b", "series_c"]


def test_revenue_totals_and_investor_shares_are_not_rounds() -> None:
    [r] = rounds_of(
        "Vireo has raised $60 million from existing backers. Its revenue rose to $80 million "
        "last year. Halden Capital is contributing around $20 million. The round brings the "
        "total Vireo has raised since its launch to $150 million."
    )
    assert r.amount.value == Decimal(60_000_000)


def test_debt_and_grant_are_stages() -> None:
    stages = {
        r.stage
        for r in rounds_of(
            "Ferrum has signed agreements for €1.5bn of project debt. Ferrum has also been awarded "
            "a grant of €100m from the Clean Industry Fund."
        )
    }
    assert stages == {"debt", "grant"}


def test_pre_money_valuation_gives_way_to_post_money() -> None:
    [r] = rounds_of(
        "Brisk is in talks to raise $100m. The round would value Brisk at $900m on "
        "a pre-money basis, rising to $1bn once the new money is counted."
    )
    assert r.valuation.value == Decimal(1_000_000_000)


def test_ipo_stage_from_the_offering() -> None:
    [r] = rounds_of(
        "Ardent priced its initial public offering at $20 a share, raising about "
        "$300 million and valuing the company at $2 billion."
    )
    assert (r.stage, r.amount.value, r.valuation.value) == (
        "ipo",
        Decimal(300_000_000),
        Decimal(2_000_000_000),
    )


def test_market_value_alone_is_no_round() -> None:
    assert rounds_of("Harbor, valued at about £5bn on the stock market, plans a US listing.") == []
