"""The shape of the synthetic data: who is where, how much, when, and the random streams.

Every table draws from its own stream, seeded by (seed, table), so adding a column
to one table's rows leaves every other table's rows as they were.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.text import slugify

# (name, weight, home currency)
COUNTRIES = [
    ("US", 40, "USD"), ("CN", 14, "CNY"), ("GB", 7, "GBP"), ("IN", 7, "INR"), ("DE", 4, "EUR"),
    ("FR", 4, "EUR"), ("JP", 3, "JPY"), ("CA", 3, "CAD"), ("IL", 2, "USD"), ("SG", 2, "SGD"),
    ("KR", 2, "KRW"), ("BR", 2, "BRL"), ("AU", 2, "AUD"), ("NL", 1.5, "EUR"), ("SE", 1.5, "SEK"),
    ("CH", 1, "CHF"), ("ES", 1, "EUR"),
]  # fmt: skip
# US dollars per unit, approximate 2024 averages.
USD_RATE = {
    "USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CNY": 0.138, "INR": 0.012, "JPY": 0.0066,
    "CAD": 0.73, "SGD": 0.74, "KRW": 0.00073, "BRL": 0.19, "AUD": 0.66, "SEK": 0.095,
    "CHF": 1.13,
}  # fmt: skip
# sector -> (weight, words that end company names in it)
SECTORS = {
    "Software": (18, ["Software", "Cloud", "Systems", "Labs"]),
    "Artificial intelligence": (10, ["AI", "Intelligence", "Minds", "Labs"]),
    "Fintech": (12, ["Pay", "Finance", "Capital", "Money"]),
    "Health": (9, ["Health", "Care", "Medical"]),
    "Biotech": (8, ["Bio", "Therapeutics", "Genomics", "Pharma"]),
    "Energy": (6, ["Energy", "Power", "Solar", "Battery"]),
    "Climate": (5, ["Climate", "Carbon", "Green"]),
    "Mobility": (5, ["Motors", "Mobility", "EV", "Auto"]),
    "E-commerce": (8, ["Shop", "Market", "Commerce"]),
    "Robotics": (3, ["Robotics", "Automation"]),
    "Semiconductors": (3, ["Semiconductor", "Chips", "Silicon"]),
    "Logistics": (3, ["Logistics", "Freight", "Delivery"]),
    "Gaming": (3, ["Games", "Studios", "Interactive"]),
    "Education": (3, ["Learning", "Academy", "Edu"]),
    "Space": (1, ["Space", "Orbital", "Aerospace"]),
    "Agritech": (2, ["Farms", "Agri", "Harvest"]),
}
SYLLABLES = [
    "ka", "lo", "ra", "vi", "zen", "tor", "mi", "na", "qua", "bel", "dra", "fi", "gen", "hex",
    "io", "jun", "kor", "lum", "mar", "neo", "ori", "pax", "ryn", "sol", "tra", "ul", "vex",
    "wen", "xy", "yor", "zap", "ae", "bri", "cor", "del", "ev", "fal", "gal", "hal", "is",
    "ko", "len", "mo", "nu", "op", "pri", "sa", "ti", "ur", "va", "wy", "zo", "ar", "en", "ix",
    "om", "un",
]  # fmt: skip
FUND_WORDS = ["Ventures", "Capital", "Partners", "Growth", "Fund", "Holdings", "Investments"]
# kind -> weight
INVESTOR_KINDS = {
    "venture": 60, "corporate": 12, "angel": 10, "private_equity": 7, "government": 3,
    "sovereign": 1, "bank": 4, "other": 3,
}  # fmt: skip
# The stage a company's n-th round usually is; later rounds draw from LATE_STAGES.
STAGE_LADDER = ["seed", "series_a", "series_b", "series_c", "series_d", "series_e"]
LATE_STAGES = ["series_f_plus", "growth", "debt", "strategic", "secondary"]
# stage -> typical USD amount (the log-normal median)
STAGE_MEDIAN_USD = {
    "pre_seed": 6e5, "seed": 2.5e6, "series_a": 1.2e7, "series_b": 3e7, "series_c": 6e7,
    "series_d": 1e8, "series_e": 1.5e8, "series_f_plus": 2.5e8, "growth": 2e8, "debt": 5e7,
    "strategic": 2.5e7, "secondary": 8e7, "grant": 1.5e6, "ipo": 4e8, "unknown": 1.5e7,
}  # fmt: skip
AMOUNT_SIGMA = 0.9
PARTICIPANTS = ([1, 2, 3, 4, 5], [30, 30, 20, 12, 8])
# About one non-lead participation in 40 is an investor only in talks (not counted).
PROSPECT_EVERY = 40
PRECISIONS = (["day", "month", "quarter", "half", "year"], [40, 30, 15, 5, 10])
MILESTONE_TITLES = {
    "product_release": "Launch of {word} {n}",
    "funding_close": "Close of the next round",
    "facility": "Opening of the {word} plant",
    "regulatory": "Regulatory approval for {word}",
    "partnership": "Partnership with {word} announced",
    "listing": "Listing on the stock exchange",
    "other": "{word} milestone",
}
PAST_STATUSES = (["occurred", "missed", "cancelled", "rescheduled", "upcoming"], [70, 15, 5, 4, 6])
FUTURE_STATUSES = (["upcoming", "rescheduled", "cancelled"], [90, 5, 5])
YEARS_BACK = 15
DAYS_AHEAD = 2 * 365


@dataclass(frozen=True)
class Plan:
    companies: int
    investors: int
    rounds: int
    milestones: int
    seed: int
    today: dt.date


def stream(seed: int, name: str) -> random.Random:
    """The random stream for one table (or "shape"): a function of the seed and its name."""
    return random.Random(f"fundtracker:{seed}:{name}")


def draw_rounds_per_company(rng: random.Random, companies: int, rounds: int) -> list[int]:
    """60% of companies get one or two rounds; the rest one each plus a multinomial share
    of what is left, weighted by a Pareto draw capped so no company takes over 1%."""
    pareto = [min(rng.paretovariate(1.16), 50.0) for _ in range(companies)]
    small = [rng.random() < 0.6 for _ in range(companies)]
    base = [(1 if rng.random() < 0.75 else 2) if is_small else 1 for is_small in small]
    if sum(base) > rounds:
        # Too few rounds for the shape: every company may get none, weights as above.
        base = [0] * companies
        small = [False] * companies
    weights = [0.0 if is_small else w for is_small, w in zip(small, pareto, strict=True)]
    if not any(weights):
        weights = [1.0] * companies
    counts = Counter(
        rng.choices(range(companies), cum_weights=list(accumulate(weights)), k=rounds - sum(base))
    )
    return [base[i] + counts[i] for i in range(companies)]


def draw_days_back(rng: random.Random) -> int:
    """Days before today: half spread over 15 years, half over the last 7, so the
    recent years are about three times as busy as the first, as deal volume grew."""
    span = YEARS_BACK * 365 if rng.random() < 0.5 else 7 * 365
    return int(span * rng.random())


def accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def pick(rng: random.Random, options: Sequence[tuple]) -> tuple:
    return rng.choices(options, weights=[o[1] for o in options])[0]


def made_up_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:200] or "x"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def two_figures(x: float) -> float:
    """Round to two significant figures, as "$12 million" or "€1.5 billion" are reported."""
    if x <= 0:
        return 0.0
    digits = math.floor(math.log10(x)) - 1
    return round(x / 10**digits) * 10**digits


def period(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the day/month/quarter/half/year that holds `day`."""
    if precision == "day":
        return day, day
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[precision]
    first_month = (day.month - 1) // months * months + 1
    start = day.replace(month=first_month, day=1)
    end_month = first_month + months
    end = (
        dt.date(day.year + 1, 1, 1) if end_month > 12 else dt.date(day.year, end_month, 1)
    ) - dt.timedelta(days=1)
    return start, end
