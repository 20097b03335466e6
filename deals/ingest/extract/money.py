"""Money mentions: "$1.2bn", "US$500 million", "50 billion yuan", "Rs 1,200 crore",
"half a billion dollars", "DKK 59.56bn", with the figure's qualifier ("about", "up to")
and, where the article states it, the same figure in another currency beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from deals.ingest.types import Money

# Symbols and codes written before the number, longest first so "US$" wins over "$".
_PREFIX_CURRENCY = {
    "us$": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "nz$": "NZD",
    "nzd": "NZD",
    "hk$": "HKD",
    "hkd": "HKD",
    "s$": "SGD",
    "sgd": "SGD",
    "r$": "BRL",
    "brl": "BRL",
    "mx$": "MXN",
    "mxn": "MXN",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "₩": "KRW",
    "krw": "KRW",
    "₹": "INR",
    "inr": "INR",
    "rs.": "INR",
    "rs": "INR",
    "dkk": "DKK",
    "sek": "SEK",
    "nok": "NOK",
    "chf": "CHF",
    "zar": "ZAR",
    "aed": "AED",
    "sar": "SAR",
    "ils": "ILS",
    "₪": "ILS",
    "pln": "PLN",
    "twd": "TWD",
    "nt$": "TWD",
    "idr": "IDR",
    "thb": "THB",
    "myr": "MYR",
    "php": "PHP",
    "₱": "PHP",
    "vnd": "VND",
    "ngn": "NGN",
    "₦": "NGN",
    "kes": "KES",
    "egp": "EGP",
    "czk": "CZK",
    "huf": "HUF",
    "try": "TRY",
    "clp": "CLP",
    "cop": "COP",
    "ars": "ARS",
    "pkr": "PKR",
    "bdt": "BDT",
}
# Currency words written after the number.
_SUFFIX_CURRENCY = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",  # "a 590 million dollar Series C"
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "won": "KRW",
    "rupees": "INR",
    "crore rupees": "INR",
    "swedish kronor": "SEK",
    "kronor": "SEK",
    "krona": "SEK",
    "danish kroner": "DKK",
    "norwegian kroner": "NOK",
    "kroner": "DKK",
    "krone": "DKK",
    "swiss francs": "CHF",
    "francs": "CHF",
    "reais": "BRL",
    "reals": "BRL",
    "pesos": "MXN",
    "rand": "ZAR",
    "riyals": "SAR",
    "dirhams": "AED",
    "shekels": "ILS",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "zloty": "PLN",
    "naira": "NGN",
    "ringgit": "MYR",
    "baht": "THB",
    "rupiah": "IDR",
    "lira": "TRY",
}
_SUFFIX_CURRENCY.update({code.lower(): code for code in set(_PREFIX_CURRENCY.values())})
_MULTIPLIERS = {
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "tr": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "bln": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "mil": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "crore": Decimal(10) ** 7,
    "crores": Decimal(10) ** 7,
    "lakh": Decimal(10) ** 5,
    "lakhs": Decimal(10) ** 5,
}
_WORD_NUMBERS = {
    "half a": Decimal("0.5"),
    "half": Decimal("0.5"),
    "a quarter of a": Decimal("0.25"),
    "a": Decimal(1),
    "one": Decimal(1),
    "two": Decimal(2),
    "three": Decimal(3),
    "four": Decimal(4),
    "five": Decimal(5),
    "six": Decimal(6),
    "seven": Decimal(7),
    "eight": Decimal(8),
    "nine": Decimal(9),
    "ten": Decimal(10),
    "a few": Decimal(3),
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = _alternation(_MULTIPLIERS)
_PREFIX_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?P<cur>{_alternation(_PREFIX_CURRENCY)})\s?(?P<num>{_NUM})"
    rf"(?:[ -]?(?P<mult>{_MULT})(?![A-Za-z]))?",
    re.IGNORECASE,
)
_SUFFIX_RE = re.compile(
    rf"(?<![\w$€£¥₩₹])(?P<num>{_NUM}|{_alternation(_WORD_NUMBERS)})"
    rf"[ -]?(?P<mult>{_MULT})?\s+(?P<cur>{_alternation(_SUFFIX_CURRENCY)})\b",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(
    r"(?P<above>more than|over|above|at least|in excess of|upwards of|north of|exceed(?:ing|s)?)"
    r"|(?P<about>about|around|roughly|approximately|approx\.|some|nearly|almost|close to|"
    r"circa|an estimated|just under|just over|~)"
    r"|(?P<up_to>up to|as much as|as high as|a maximum of)"
    r"\s*$",
    re.IGNORECASE,
)
_PLUS_AFTER = re.compile(r"^(?:-plus|\+)", re.IGNORECASE)
# "(about $445m)", "(US$434 million)", ", equivalent to roughly $7.36 billion",
# ", or about $48 billion"
_CONVERSION_GAP = re.compile(
    r"^\s*(?:\(|,|-|\u2013|\u2014)?\s*(?:or|equivalent to|equal to|equating to|worth|i\.e\.)?\s*"
    r"(?:about|around|roughly|approximately|approx\.|some|nearly|almost|close to|circa|~)?\s*$",
    re.IGNORECASE,
)


@dataclass
class MoneyMention:
    start: int
    end: int
    value: Decimal
    currency: str
    qualifier: str = "exact"
    # The same figure as the article restates it in other currencies, e.g. "(about $445m)".
    alternatives: list[MoneyMention] = field(default_factory=list)

    def money(self) -> Money:
        return Money(self.value, self.currency, self.qualifier)

    def in_currency(self, currency: str) -> Decimal | None:
        if self.currency == currency:
            return self.value
        return next((a.value for a in self.alternatives if a.currency == currency), None)


def _number(text: str) -> Decimal | None:
    word = _WORD_NUMBERS.get(text.lower())
    if word is not None:
        return word
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _qualifier(sentence: str, start: int, end: int) -> str:
    if _PLUS_AFTER.match(sentence[end : end + 6]):
        return "above"
    match = _QUALIFIER_BEFORE.search(sentence[max(0, start - 24) : start])
    if not match:
        return "exact"
    return next(k for k in ("above", "about", "up_to") if match.group(k))


# Every figure has a digit or a multiplier word ("half a billion dollars"); most sentences
# have neither, and skip the two long patterns.
_MAYBE_MONEY = re.compile(r"\d|illion", re.IGNORECASE)


def _raw_mentions(sentence: str, yen_is_yuan: bool) -> list[MoneyMention]:
    found: list[MoneyMention] = []
    if not _MAYBE_MONEY.search(sentence):
        return found
    for regex in (_PREFIX_RE, _SUFFIX_RE):
        for m in regex.finditer(sentence):
            cur_text = m.group("cur").lower()
            table = _PREFIX_CURRENCY if regex is _PREFIX_RE else _SUFFIX_CURRENCY
            currency = table.get(cur_text)
            number = _number(m.group("num"))
            if currency is None or number is None:
                continue
            mult = (m.group("mult") or "").lower()
            if regex is _SUFFIX_RE and not mult and number < 1000:
                continue  # "two dollars", "5 euros": never a deal figure
            if mult == "b" and m.group("mult") == "b" and regex is _SUFFIX_RE:
                continue
            value = number * _MULTIPLIERS.get(mult, Decimal(1))
            if regex is _SUFFIX_RE and cur_text == "crore rupees":
                value = number * _MULTIPLIERS["crore"]
            if value == value.to_integral_value():
                value = value.quantize(Decimal(1))
            if currency == "JPY" and yen_is_yuan and cur_text == "¥":
                currency = "CNY"
            found.append(MoneyMention(m.start(), m.end(), value, currency))
    found.sort(key=lambda x: (x.start, -x.end))
    # Drop overlaps ("50 billion yuan" seen by both patterns); keep the longer, earlier one.
    kept: list[MoneyMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def find_money(sentence: str, *, yen_is_yuan: bool = False) -> list[MoneyMention]:
    """Money mentions in one sentence, each restated figure folded into the one it converts.

    "50 billion yuan, equivalent to roughly $7.36 billion" gives one mention of CNY 50bn
    with a USD alternative; the article's first-stated figure is the primary one.
    """
    mentions = _raw_mentions(sentence, yen_is_yuan)
    for mention in mentions:
        mention.qualifier = _qualifier(sentence, mention.start, mention.end)
    out: list[MoneyMention] = []
    for mention in mentions:
        if out:
            previous = out[-1]
            gap = sentence[previous.end : mention.start]
            if previous.currency != mention.currency and _CONVERSION_GAP.match(gap):
                previous.alternatives.append(mention)
                previous.end = max(previous.end, mention.end)
                continue
        out.append(mention)
    return out
