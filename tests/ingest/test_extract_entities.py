from deals.ingest.extract import extract
from deals.ingest.extract.entities import is_non_company_word, read_entities

from .helpers import article


def test_places_nationalities_currencies_and_months_are_not_companies() -> None:
    for word in ["Hong Kong", "Shenzhen", "California", "Chinese", "RMB", "January 2022"]:
        assert is_non_company_word(word), word
    assert not is_non_company_word("Hongshan Robotics")


def test_a_title_before_a_name_makes_it_a_person() -> None:
    found = read_entities(["The round was arranged by chief executive Mara Lindqvist."])
    assert found.kind("Mara Lindqvist") == "person"
    assert found.kind("Lindqvist") == "person"


def test_a_product_noun_after_its_name_makes_it_a_product() -> None:
    found = read_entities(
        ["Sales of its Corvid 7 chip doubled.", "Nimbus Large, its flagship model, ships."]
    )
    assert found.kind("Corvid 7") == "product"
    assert found.kind("Nimbus Large") == "product"
    assert found.kind("Nimbus") == "company"


def test_a_word_capitalised_only_at_a_sentence_start_is_no_name() -> None:
    found = read_entities(["Shares rose.", "The shares of Talvik rose."])
    assert found.kind("Shares") == "word"
    assert found.kind("Talvik") == "company"


def test_a_place_in_an_apposition_does_not_take_the_round() -> None:
    [r] = extract(
        article(
            "Orbitra, the Lisbon developer of satellite buses, said it has received $30 million "
            "in a Series A round led by Tejo Capital."
        )
    ).rounds
    assert r.company == "Orbitra"


def test_an_investor_that_led_an_earlier_round_is_not_its_company() -> None:
    rounds = extract(
        article(
            "Tamsin Labs has raised $20 million from a group of investors. Helix Ventures and "
            "Quarry Capital led the $50 million round in March 2024 that gave Tamsin Labs its "
            "$1 billion valuation."
        )
    ).rounds
    assert {r.company for r in rounds} == {"Tamsin Labs"}
    earlier = next(r for r in rounds if r.amount and r.amount.value == 50_000_000)
    assert {i.name for i in earlier.investors} == {"Helix Ventures", "Quarry Capital"}


def test_a_datelined_city_is_not_the_company() -> None:
    rounds = extract(
        article(
            "Hong Kong's largest listing this year came from Velda Logistics, which raised "
            "HK$3 billion in its initial public offering."
        )
    ).rounds
    assert [r.company for r in rounds] == ["Velda Logistics"]


def test_a_name_on_record_stays_a_company_where_the_article_alone_would_drop_it() -> None:
    text = "Ramp raised $50 million in a Series B round. Hiring will ramp up next year."
    assert extract(article(text)).rounds == []  # "Ramp": a sentence-start word otherwise
    [r] = extract(article(text), known=lambda names: {"Ramp"} & set(names)).rounds
    assert (r.company, r.stage) == ("Ramp", "series_b")


def test_a_founder_named_after_an_employer_types_only_the_founder() -> None:
    found = read_entities(
        ["Battery maker Lumora Cells, founded by Tesla co-founder Jan Brandt, said it grew."]
    )
    assert found.kind("Jan Brandt") == "person"
    assert found.kind("Lumora Cells") == "company"
    assert found.kind("Tesla") == "company"
