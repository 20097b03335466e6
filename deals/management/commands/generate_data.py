"""Fill PostgreSQL with realistic, deterministic synthetic deal data, fast.

    manage.py generate_data --companies 100000 --investors 20000 \\
        --rounds 1000000 --milestones 1000000 --seed 1

What "realistic" means here, and why:
- Skewed like real deal flow: 60% of companies have one or two rounds, the rest
  share the remaining rounds by a capped Pareto weight, so a few companies have
  hundreds (the pages must stay fast for them, not only for the median).
  Investors are picked by a Zipf weight: the busiest takes part in about 1% of
  rounds, as the most active funds do.
- Money: amounts per stage are log-normal around a typical size; the currency
  is mostly the company's home currency (USD, EUR, GBP, CNY, INR, JPY, ...),
  rounded to two significant figures as articles report them; amount_usd uses a
  fixed approximate rate per currency (the ECB daily history would cost a lookup
  per row and buys nothing for a benchmark).
- Dates: rounds over the last 15 years, recent years about three times as busy;
  pending rounds expect to close up to 2 years ahead; milestones from 15 years
  back to 2 years ahead with every precision (day ... year) and every status, a
  few overdue.
- No django-simple-history rows are written: history is a record of edits and
  synthetic facts were never edited; the pages read at most 10 records anyway.

Deterministic: the rows are a function of (seed, sizes, --today) only; every
table draws from its own random stream, and ids are assigned here, not by the
sequences. Fast: PostgreSQL COPY (psycopg 3 `cursor.copy()`); into empty tables
the secondary indexes and foreign keys are dropped first and rebuilt after the
load, as pg_restore does, all inside one transaction so a failure leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from deals.models import Company, Investor, Milestone, Participation, Round

SCALES: dict[str, dict[str, int]] = {
    "small": {"companies": 200, "investors": 100, "rounds": 2_000, "milestones": 2_000},
    "full": {
        "companies": 100_000,
        "investors": 20_000,
        "rounds": 1_000_000,
        "milestones": 1_000_000,
    },
}
MODELS = [Company, Investor, Round, Participation, Milestone]

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
COPY_CHUNK = 10_000


@dataclass(frozen=True)
class Plan:
    companies: int
    investors: int
    rounds: int
    milestones: int
    seed: int
    today: dt.date


class Command(BaseCommand):
    help = "Fill the database with deterministic synthetic companies, rounds and milestones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="full")
        for name in ("companies", "investors", "rounds", "milestones"):
            parser.add_argument(f"--{name}", type=int, help=f"overrides the scale's {name}")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="the date the data is generated around (default: today); pin it to reproduce",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--append", action="store_true", help="add to the existing rows")
        mode.add_argument(
            "--flush", action="store_true", help="delete all deal data (and what refers to it)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "generate_data loads with PostgreSQL COPY: point DATABASE_URL at it."
            )
        sizes = {
            k: options[k] if options[k] is not None else v
            for k, v in SCALES[options["scale"]].items()
        }
        if any(v < 0 for v in sizes.values()) or sizes["companies"] < 1 or sizes["investors"] < 5:
            raise CommandError("Give at least 1 company and 5 investors, and no negative size.")
        plan = Plan(seed=options["seed"], today=options["today"] or timezone.localdate(), **sizes)
        quiet = options["verbosity"] == 0
        with transaction.atomic():
            if options["flush"]:
                flush()
            elif not options["append"] and any(m._default_manager.exists() for m in MODELS):
                raise CommandError(
                    "The database already holds deal data: pass --append to add to it "
                    "or --flush to replace it."
                )
            counts = load(plan, quiet=quiet)
        # VACUUM as well when it can run (not inside a caller's transaction, as in
        # tests): it sets the visibility map, without which no index-only scan is.
        analyze = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in MODELS:
                cursor.execute(f"{analyze} {model._meta.db_table}")
        if not quiet:
            summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Generated {summary}."))


def flush() -> None:
    """Empty the deal tables, their history, and every table that refers to them."""
    tables = [m._meta.db_table for m in MODELS]
    tables += [m.history.model._meta.db_table for m in MODELS]  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def load(plan: Plan, *, quiet: bool) -> dict[str, int]:
    """1. lock the tables and find the first free ids; 2. if they are empty, drop their
    secondary indexes and foreign keys; 3. COPY each table in turn; 4. restore
    what step 2 dropped and move the id sequences past the new rows."""
    tables = [m._meta.db_table for m in MODELS]
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
        # Index builds are the slow part of a bulk load; give them memory.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        start: dict[type[Model], int] = {}
        for model in MODELS:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
            start[model] = cursor.fetchone()[0]
        empty = all(first == 1 for first in start.values())
        company_slugs = set(Company.objects.values_list("slug", flat=True)) if not empty else set()
        investor_slugs = (
            set(Investor.objects.values_list("slug", flat=True)) if not empty else set()
        )
        with _without_secondary_indexes(cursor, tables) if empty else _nothing():
            gen = Generator(plan, start=start)
            counts = {
                "companies": _copy(
                    cursor, Company, gen.companies(company_slugs), plan.companies, quiet
                ),
                "investors": _copy(
                    cursor, Investor, gen.investors(investor_slugs), plan.investors, quiet
                ),
                "rounds": _copy(cursor, Round, gen.rounds(), plan.rounds, quiet),
                "participations": _copy(
                    cursor, Participation, gen.participations(), int(plan.rounds * 2.37), quiet
                ),
                "milestones": _copy(cursor, Milestone, gen.milestones(), plan.milestones, quiet),
            }
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )
    return counts


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _without_secondary_indexes(cursor: Any, tables: Sequence[str]) -> Iterator[None]:
    """Drop the indexes that back no constraint and the foreign keys, rebuild them after:
    one sort per index and one join per key instead of millions of single-row updates."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "WHERE c.relname = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
        [list(tables)],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [list(tables)],
    )
    foreign_keys = cursor.fetchall()
    for table, name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for _table, _definition, name in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    for _table, definition, _name in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _copy(cursor: Any, model: type, rows: Iterator[dict[str, Any]], total: int, quiet: bool) -> int:
    first = next(rows, None)
    if first is None:
        return 0
    columns = list(first)
    table = model._meta.db_table  # type: ignore[attr-defined]
    n = 0
    with (
        tqdm(total=total, desc=f"{table:<20}", unit=" rows", disable=quiet, leave=True) as bar,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        copy.write_row(list(first.values()))
        n = 1
        for row in rows:
            copy.write_row(list(row.values()))
            n += 1
            if n % COPY_CHUNK == 0:
                bar.update(COPY_CHUNK)
        bar.update(n % COPY_CHUNK)
    return n


class Generator:
    """Row streams, one per table; each table draws from its own seeded random stream."""

    def __init__(self, plan: Plan, *, start: dict[type[Model], int]) -> None:
        self.plan = plan
        self.start = start
        self.today = plan.today.toordinal()
        self._dates: dict[int, str] = {}
        rng = self._rng("shape")
        self.company_country = [_pick(rng, COUNTRIES) for _ in range(plan.companies)]
        self.company_sector = [
            rng.choices(list(SECTORS), weights=[w for w, _ in SECTORS.values()])[0]
            for _ in range(plan.companies)
        ]
        self.company_name = [self._company_name(rng, i) for i in range(plan.companies)]
        self.rounds_per_company = _rounds_per_company(rng, plan.companies, plan.rounds)
        # Company i's rounds have the consecutive ids first_round[i] ... + rounds_per_company[i].
        self.first_round: list[int] = []
        next_id = start[Round]
        for n in self.rounds_per_company:
            self.first_round.append(next_id)
            next_id += n
        # Zipf over a shuffled order, so the busiest investor is not simply the first one.
        order = list(range(plan.investors))
        rng.shuffle(order)
        weights = [0.0] * plan.investors
        for rank, index in enumerate(order, start=1):
            weights[index] = 1 / (rank + 20) ** 1.1
        self.investor_cum_weights = list(_accumulate(weights))

    def _rng(self, stream: str) -> random.Random:
        return random.Random(f"fundtracker:{self.plan.seed}:{stream}")

    def _date(self, ordinal: int) -> str:
        text = self._dates.get(ordinal)
        if text is None:
            text = self._dates[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def _stamp(self, ordinal: int) -> str:
        return f"{self._date(ordinal)} 09:00:00+00"

    def _company_name(self, rng: random.Random, index: int) -> str:
        word = _word(rng, 2 if rng.random() < 0.6 else 3)
        suffix = rng.choice(SECTORS[self.company_sector[index]][1])
        return word if rng.random() < 0.3 else f"{word} {suffix}"

    def companies(self, taken: set[str]) -> Iterator[dict[str, Any]]:
        rng = self._rng("companies")
        for i in range(self.plan.companies):
            name = self.company_name[i]
            slug = _unique_slug(name, taken)
            aliases: list[str] = []
            if rng.random() < 0.1:
                country = self.company_country[i][0]
                aliases.append(f"{name} Inc." if country == "US" else f"{name} Ltd.")
                if rng.random() < 0.3:
                    aliases.append(_word(rng, 3))
            created = self.today - rng.randrange(YEARS_BACK * 365)
            yield {
                "id": self.start[Company] + i,
                "name": name,
                "slug": slug,
                "aliases": json.dumps(aliases),
                "country": self.company_country[i][0],
                "sector": self.company_sector[i],
                "website": f"https://{slug}.example.com",
                "description": "",
                "created_at": self._stamp(created),
                "updated_at": self._stamp(created),
            }

    def investors(self, taken: set[str]) -> Iterator[dict[str, Any]]:
        rng = self._rng("investors")
        kinds = list(INVESTOR_KINDS)
        kind_weights = list(INVESTOR_KINDS.values())
        for i in range(self.plan.investors):
            kind = rng.choices(kinds, weights=kind_weights)[0]
            word = _word(rng, rng.choice((2, 3)))
            # Angels are people: a first and a last name.
            last = _word(rng, 2) if kind == "angel" else rng.choice(FUND_WORDS)
            name = f"{word} {last}"
            slug = _unique_slug(name, taken)
            created = self.today - rng.randrange(YEARS_BACK * 365)
            yield {
                "id": self.start[Investor] + i,
                "name": name,
                "slug": slug,
                "kind": kind,
                "aliases": "[]",
                "website": f"https://{slug}.example.com",
                "description": "",
                "created_at": self._stamp(created),
                "updated_at": self._stamp(created),
            }

    def rounds(self) -> Iterator[dict[str, Any]]:
        rng = self._rng("rounds")
        for company, count in enumerate(self.rounds_per_company):
            if not count:
                continue
            home = self.company_country[company][2]
            days_back = sorted((_days_back(rng) for _ in range(count)), reverse=True)
            for index, back in enumerate(days_back):
                yield self._round(
                    rng, self.first_round[company] + index, company, index, back, home
                )

    def _round(
        self, rng: random.Random, pk: int, company: int, index: int, back: int, home: str
    ) -> dict[str, Any]:
        u = rng.random()
        if u < 0.08:
            stage = "unknown"
        elif u < 0.11:
            stage = "grant"
        elif index == 0 and rng.random() < 0.3:
            stage = "pre_seed"
        elif index < len(STAGE_LADDER):
            stage = STAGE_LADDER[index]
        else:
            stage = rng.choice(LATE_STAGES)
        announced = self.today - back
        status, close_start, close_end, closed = "completed", None, None, None
        u = rng.random()
        if back < 120 and u < 0.25:
            status = "pending"
            close_start = self.today + rng.randrange(DAYS_AHEAD - 92)
            close_end = close_start + rng.choice((0, 30, 91))
        elif u < 0.02:
            status = "cancelled"
        elif u < 0.5:
            closed = min(announced + rng.randrange(90), self.today)
        amount = amount_usd = valuation = None
        currency = source = valuation_currency = ""
        if rng.random() >= 0.08:  # the rest are undisclosed
            currency = home if rng.random() < 0.75 else rng.choice(("USD", "USD", "USD", "EUR"))
            usd = STAGE_MEDIAN_USD[stage] * math.exp(rng.gauss(0, AMOUNT_SIGMA))
            local = _two_figures(usd / USD_RATE[currency])
            amount = f"{local:.2f}"
            amount_usd = f"{local * USD_RATE[currency]:.2f}"
            source = "same" if currency == "USD" else "converted"
            if rng.random() < 0.15:
                valuation_currency = currency
                valuation = f"{_two_figures(local * rng.uniform(4, 15)):.2f}"
        undated = rng.random() < 0.01
        return {
            "id": pk,
            "company_id": self.start[Company] + company,
            "stage": stage,
            "status": status,
            "amount": amount,
            "currency": currency,
            "amount_qualifier": rng.choices(("exact", "about", "above", "up_to"), (85, 8, 5, 2))[0],
            "amount_usd": amount_usd,
            "amount_usd_source": source,
            "valuation": valuation,
            "valuation_currency": valuation_currency,
            "valuation_basis": rng.choice(("pre", "post", "unknown")) if valuation else "unknown",
            "valuation_qualifier": "exact",
            "announced_on": None if undated else self._date(announced),
            "expected_close_start": close_start and self._date(close_start),
            "expected_close_end": close_end and self._date(close_end),
            "closed_on": closed and self._date(closed),
            "notes": "",
            "created_at": self._stamp(min(announced, self.today)),
            "updated_at": self._stamp(min(announced, self.today)),
        }

    def participations(self) -> Iterator[dict[str, Any]]:
        rng = self._rng("participations")
        investors = range(self.plan.investors)
        pk = self.start[Participation]
        first_investor = self.start[Investor]
        for round_id in range(self.start[Round], self.start[Round] + self.plan.rounds):
            wanted = rng.choices(*PARTICIPANTS)[0]
            chosen: list[int] = []
            for investor in rng.choices(investors, cum_weights=self.investor_cum_weights, k=wanted):
                if investor not in chosen:
                    chosen.append(investor)
            for position, investor in enumerate(chosen):
                yield {
                    "id": pk,
                    "round_id": round_id,
                    "investor_id": first_investor + investor,
                    "lead": position == 0,
                }
                pk += 1

    def milestones(self) -> Iterator[dict[str, Any]]:
        """Spread over companies like their rounds; the tail is the busy companies."""
        rng = self._rng("milestones")
        cum_weights = list(_accumulate([n + 0.5 for n in self.rounds_per_company]))
        companies = rng.choices(
            range(self.plan.companies), cum_weights=cum_weights, k=self.plan.milestones
        )
        kinds = list(MILESTONE_TITLES)
        for offset, company in enumerate(companies):
            # A quarter lies ahead of today; the past grows busier towards today.
            if rng.random() < 0.25:
                day = self.today + rng.randrange(DAYS_AHEAD)
            else:
                day = self.today - 1 - _days_back(rng)
            precision = rng.choices(*PRECISIONS)[0]
            start, end = _period(dt.date.fromordinal(day), precision)
            past = end.toordinal() < self.today
            status = rng.choices(*(PAST_STATUSES if past else FUTURE_STATUSES))[0]
            kind = rng.choice(kinds)
            round_id = None
            if kind == "funding_close" and self.rounds_per_company[company]:
                round_id = self.first_round[company] + rng.randrange(
                    self.rounds_per_company[company]
                )
            recorded = None
            if status in ("occurred", "missed"):
                recorded = self._stamp(min(end.toordinal() + rng.randrange(1, 30), self.today))
            created = min(start.toordinal(), self.today) - rng.randrange(30, 400)
            yield {
                "id": self.start[Milestone] + offset,
                "company_id": self.start[Company] + company,
                "round_id": round_id,
                "title": MILESTONE_TITLES[kind].format(word=_word(rng, 2), n=rng.randrange(1, 9)),
                "kind": kind,
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "precision": precision,
                "status": status,
                "outcome_note": "Confirmed by the company." if status == "occurred" else "",
                "outcome_recorded_at": recorded,
                "description": "",
                "created_at": self._stamp(created),
                "updated_at": self._stamp(created),
            }


def _rounds_per_company(rng: random.Random, companies: int, rounds: int) -> list[int]:
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
        rng.choices(range(companies), cum_weights=list(_accumulate(weights)), k=rounds - sum(base))
    )
    return [base[i] + counts[i] for i in range(companies)]


def _days_back(rng: random.Random) -> int:
    """Days before today: half spread over 15 years, half over the last 7, so the
    recent years are about three times as busy as the first, as deal volume grew."""
    span = YEARS_BACK * 365 if rng.random() < 0.5 else 7 * 365
    return int(span * rng.random())


def _accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _pick(rng: random.Random, options: Sequence[tuple]) -> tuple:
    return rng.choices(options, weights=[o[1] for o in options])[0]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:200] or "x"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _two_figures(x: float) -> float:
    """Round to two significant figures, as "$12 million" or "€1.5 billion" are reported."""
    if x <= 0:
        return 0.0
    digits = math.floor(math.log10(x)) - 1
    return round(x / 10**digits) * 10**digits


def _period(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
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
