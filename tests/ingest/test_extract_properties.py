from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from deals.ingest.clean import clean
from deals.ingest.extract import extract

from .helpers import article

WORDS = st.sampled_from(
    [
        "Acme",
        "raised",
        "$5m",
        "€2bn",
        "Series B",
        "led by",
        "Q3",
        "by June",
        "in talks",
        ",",
        ".",
        "valuing",
        "it",
        "at",
        "the",
        "company",
        "Thursday",
        "later this year",
        "(about $3m)",
        "Rs 1,200 crore",
        "half a billion dollars",
        "IPO",
        "pulled out",
        "\n",
        "'s",
        "and",
    ]
)
SENTENCES = st.lists(WORDS, max_size=60).map(" ".join)


def assert_schema(data: dict) -> None:
    assert set(data) == {"published", "rounds", "milestones"}
    for r in data["rounds"]:
        assert set(r) == {
            "company",
            "stage",
            "status",
            "amount",
            "amount_usd",
            "valuation",
            "investors",
            "expected_close",
        }
        assert r["status"] in {"pending", "completed", "cancelled"}
    for m in data["milestones"]:
        assert set(m) == {"company", "title", "date"}
        assert m["date"]["start"] <= m["date"]["end"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    assert_schema(extract(article(text, title=text[:40])).as_schema())


@settings(max_examples=150, deadline=None)
@given(SENTENCES, st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2090, 1, 1))))
def test_never_raises_on_financial_word_salad(text: str, published: date | None) -> None:
    assert_schema(extract(article(text, published=published)).as_schema())


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["text/html", "text/plain", ""]))
def test_clean_then_extract_never_raises_on_arbitrary_bytes(content: bytes, kind: str) -> None:
    cleaned = clean(content, content_type=kind, url="", fetched_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert_schema(extract(cleaned).as_schema())


def test_huge_input_is_bounded() -> None:
    text = "Acme has raised $5 million in a Series A round led by Beta Capital. " * 20000
    data = extract(article(text)).as_schema()
    assert len(data["rounds"]) == 1


PLACES = st.sampled_from(["Shenzhen", "Hong Kong", "Munich", "California", "Seoul", "Paris"])
CURRENCY_WORDS = st.sampled_from(["RMB", "HK", "Yuan", "Euros", "Won"])
MONTHS = st.sampled_from(["January", "March", "June", "September", "December"])
COMPANIES = st.sampled_from(["Velora", "Quintex Robotics", "Arbor Grid", "Nimbus Labs"])
INVESTORS = st.sampled_from(["Tejo Capital", "Harbor Ventures", "Kestrel Motors"])
FRAMES = st.sampled_from(
    [
        "{place}, {month} 3 - {company}, the {place}-based maker of drones, has raised "
        "{currency} 300 million in a Series B round led by {investor}.",
        "{month} {company} deal: {investor} will pay {currency} 2 billion for a 10% stake in "
        "{company}, a {place} start-up.",
        "{place}'s {company} said in {month} it had secured {currency} 50 million from "
        "{investor} and other {place} backers.",
        "Shares of {company} jumped in {place} after {investor} invested {currency} 1 billion "
        "in the company in {month}.",
    ]
)


@settings(max_examples=120, deadline=None)
@given(FRAMES, PLACES, CURRENCY_WORDS, MONTHS, COMPANIES, INVESTORS)
def test_no_company_or_investor_is_a_city_a_currency_or_a_month(
    frame: str, place: str, currency: str, month: str, company: str, investor: str
) -> None:
    text = frame.format(
        place=place, currency=currency, month=month, company=company, investor=investor
    )
    banned = {place.lower(), currency.lower(), month.lower()}
    for r in extract(article(text, title=text[:60])).rounds:
        names = [r.company] + [i.name for i in r.investors]
        assert not {n.lower() for n in names} & banned, (text, names)
