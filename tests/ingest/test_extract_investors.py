from deals.ingest.extract import extract
from deals.ingest.extract.investors import find_investors

from .helpers import article


def names(sentence: str) -> list[str]:
    return [m.name for m in find_investors(sentence)]


def test_participants_named_in_several_phrasings() -> None:
    assert names("Osprey and Quarry Capital are also taking part in the round.") == [
        "Osprey",
        "Quarry Capital",
    ]
    assert names("Harbor Ventures and Tejo Capital were among the other investors.") == [
        "Harbor Ventures",
        "Tejo Capital",
    ]
    assert "Pell Fund" in names("Pell Fund is increasing its investment.")


def test_a_long_descriptor_before_a_lead_investor_is_dropped() -> None:
    assert names("The round is led by the Lisbon venture capital firm Tagus Partners.") == [
        "Tagus Partners"
    ]


def test_funds_affiliated_with_a_manager_name_the_manager() -> None:
    assert "Harbor Group" in names(
        "Osprey, funds affiliated with Harbor Group and Tejo Capital also made significant "
        "investments in the round."
    )


def test_a_company_keeping_on_investing_in_things_names_no_investor() -> None:
    assert (
        names(
            "Dana Holt, the chief financial officer, said it would keep investing in the "
            "compute it needs."
        )
        == []
    )


def test_a_lender_described_in_lowercase_before_its_name() -> None:
    [r] = extract(
        article("Skyvane has secured a EUR 80 million loan from state development bank Nordfin.")
    ).rounds
    assert [i.name for i in r.investors] == ["Nordfin"]


def test_a_dotted_abbreviation_stays_inside_an_investors_name() -> None:
    [r] = extract(
        article(
            "Corvane has won a conditional commitment for a loan of up to $1 billion from the "
            "U.S. Department of Energy to build its plant."
        )
    ).rounds
    assert [i.name for i in r.investors] == ["U.S. Department of Energy"]
    assert (r.stage, r.status) == ("debt", "pending")
