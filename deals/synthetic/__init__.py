"""Realistic, deterministic synthetic deal data, loaded into PostgreSQL fast.

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

Deterministic: the rows are a function of (seed, sizes, today) only; every table
draws from its own random stream, and ids are assigned here, not by the sequences.
Fast: PostgreSQL COPY; into empty tables the secondary indexes and foreign keys are
dropped first and rebuilt after the load, as pg_restore does, all inside one
transaction so a failure leaves nothing.

    shapes.py   distributions, currency mix, stage amounts, the seeded random streams
    rows.py     the row builders, one stream per table
    bulk_load.py COPY, dropping and rebuilding indexes and foreign keys, ANALYZE
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from django.db import connection, transaction

from deals import page_cache
from deals.synthetic import bulk_load
from deals.synthetic.shapes import Plan

__all__ = ["Mode", "Summary", "SyntheticDataError", "generate"]

# "new": refuse tables that hold deal data; "append": add after the existing rows;
# "flush": empty the deal tables (and what refers to them) first.
Mode = Literal["new", "append", "flush"]


class SyntheticDataError(Exception):
    """The database or the sizes asked for cannot take the data."""


@dataclass(frozen=True)
class Summary:
    """Rows written per table, in load order."""

    companies: int = 0
    investors: int = 0
    rounds: int = 0
    participations: int = 0
    milestones: int = 0


def generate(
    *, sizes: Mapping[str, int], seed: int, today: dt.date, mode: Mode, progress: bool
) -> Summary:
    """Write `sizes` companies, investors, rounds and milestones (participations follow
    the rounds) generated from `seed` around `today`; show progress bars if asked."""
    if connection.vendor != "postgresql":
        raise SyntheticDataError(
            "generate_data loads with PostgreSQL COPY: point DATABASE_URL at it."
        )
    if any(v < 0 for v in sizes.values()) or sizes["companies"] < 1 or sizes["investors"] < 5:
        raise SyntheticDataError("Give at least 1 company and 5 investors, and no negative size.")
    plan = Plan(seed=seed, today=today, **sizes)
    with transaction.atomic():
        if mode == "flush":
            bulk_load.flush()
        elif mode != "append" and bulk_load.has_deal_data():
            raise SyntheticDataError(
                "The database already holds deal data: pass --append to add to it "
                "or --flush to replace it."
            )
        counts = bulk_load.load(plan, quiet=not progress)
        # COPY sends no signals: the pages' cached fragments must go by hand.
        page_cache.facts_changed()
    bulk_load.analyze()
    return Summary(**counts)
