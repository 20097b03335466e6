import pytest

from deals.ingest.extract.milestone_entities import (
    entity_kind,
    is_company,
    product_names,
    refers_back,
)
from deals.ingest.extract.names import name_runs
from deals.ingest.extract.sentences import split_sentences


def kind_of(name: str, text: str) -> str:
    [run] = [r for r in name_runs(text) if r.text == name]
    return entity_kind(run, text)


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("Quorra", "Quorra plans to open a plant in 2027.", "company"),
        ("Taiwan", "Demand from Taiwan rose.", "place"),
        ("Britain", "Britain will join the raise.", "place"),
        ("Ministry of Finance", "The Ministry of Finance approved the aid.", "government"),
        ("Ana Ruiz", "Chief executive Ana Ruiz said sales rose.", "person"),
        ("K9", "The K9 will ship next year.", "product"),
        ("Atlas", "It plans to sell the Atlas rack to clouds.", "product"),
        ("Chinese", "Chinese buyers came back.", "people"),
        ("Dunmore", "Work on the Dunmore plant starts in May.", "site"),
    ],
)
def test_kind_from_the_name_and_the_words_around_it(name: str, text: str, kind: str) -> None:
    assert kind_of(name, text) == kind


def test_a_name_written_as_a_product_anywhere_is_not_a_company() -> None:
    sentences = split_sentences("Helix ships this year. Buyers can rent the Helix rack today.")
    products = product_names(sentences)
    assert not is_company("Helix", products)
    assert is_company("Quorra", products)


@pytest.mark.parametrize("subject", ["It", "its robotaxi fleet", "The company", "the carmaker"])
def test_pronouns_and_company_nouns_refer_back(subject: str) -> None:
    assert refers_back(subject)


def test_a_thing_does_not_refer_back() -> None:
    assert not refers_back("The first gigawatt of systems")


def test_a_company_after_by_in_a_sentence_is_not_a_person() -> None:
    assert kind_of("Quorra", "The market was overtaken by Quorra last year.") == "company"


def test_a_role_word_must_be_a_whole_word() -> None:
    # "firms" ends in "ms" but is no "Ms".
    assert kind_of("Quorra", "Robotaxi firms Quorra and Kestrel fell on debut.") == "company"
