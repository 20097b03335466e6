"""Demo milestones: reported dates and targets, plus a few dated from the load day.

The relative ones keep "what to watch" populated (some in the next 90 days,
some overdue with no outcome yet) whatever day the demo is loaded; their
description says so, so nobody mistakes them for reporting.
"""

from __future__ import annotations

import datetime as dt

from .spec import DemoMilestone as M
from .spec import Fixed, Relative, day, month, year

RELATIVE_NOTE = "Demo milestone: dated relative to the day the demo data was loaded."

Q, H = "quarter", "half"


def rel(days: int, precision: str = "day") -> Relative:
    return Relative(days, precision)


MILESTONES: tuple[M, ...] = (
    # Reported dates, past: outcomes recorded.
    M(
        "arm",
        "Nasdaq trading debut",
        "listing",
        day(2023, 9, 14),
        status="occurred",
        round_announced_on=dt.date(2023, 9, 13),
    ),
    M(
        "nubank",
        "NYSE trading debut",
        "listing",
        day(2021, 12, 9),
        status="occurred",
        round_announced_on=dt.date(2021, 12, 8),
    ),
    M(
        "catl",
        "Hong Kong trading debut",
        "listing",
        day(2025, 5, 20),
        status="occurred",
        round_announced_on=dt.date(2025, 5, 20),
    ),
    M(
        "swiggy",
        "NSE and BSE listing",
        "listing",
        day(2024, 11, 13),
        status="occurred",
        round_announced_on=dt.date(2024, 11, 6),
    ),
    M(
        "northvolt",
        "Chapter 11 filing in the United States",
        "other",
        day(2024, 11, 21),
        status="occurred",
    ),
    M("northvolt", "Bankruptcy filing in Sweden", "other", day(2025, 3, 12), status="occurred"),
    M(
        "coreweave",
        "Core Scientific acquisition close",
        "other",
        Fixed(dt.date(2025, 10, 1), dt.date(2025, 12, 31), Q),
        status="cancelled",
        outcome_note="Core Scientific shareholders voted the deal down on 30 October 2025.",
    ),
    # Reported targets, future.
    M("rapidus", "2nm mass production start", "facility", year(2027)),
    M("commonwealth-fusion-systems", "SPARC first plasma", "facility", year(2027)),
    M("wayve", "Nissan ProPILOT with Wayve AI on sale", "product_release", year(2027)),
    M("databricks", "Data + AI Summit 2027", "other", month(2027, 6)),
    M("intel", "Ohio One first fab completed", "facility", year(2030)),
    # Dated from the load day: in the next 90 days.
    M(
        "revolut",
        "UK banking licence: mobilisation exit",
        "regulatory",
        rel(25),
        description=RELATIVE_NOTE,
    ),
    M(
        "krafton",
        "Subnautica 2 early access launch",
        "product_release",
        rel(15, "month"),
        description=RELATIVE_NOTE,
    ),
    M(
        "moonshot-ai",
        "Next Kimi model release",
        "product_release",
        rel(20, "month"),
        description=RELATIVE_NOTE,
    ),
    M(
        "zepto",
        "IPO prospectus filed with SEBI",
        "regulatory",
        rel(30, "month"),
        description=RELATIVE_NOTE,
    ),
    M(
        "lg-energy-solution",
        "Arizona storage battery plant production start",
        "facility",
        rel(30, Q),
        description=RELATIVE_NOTE,
    ),
    M(
        "anthropic",
        "Next Claude model release",
        "product_release",
        rel(40, "month"),
        description=RELATIVE_NOTE,
    ),
    M("catl", "Debrecen plant production start", "facility", rel(45, Q), description=RELATIVE_NOTE),
    M(
        "sakana-ai",
        "MUFG banking assistant go-live",
        "partnership",
        rel(50),
        description=RELATIVE_NOTE,
    ),
    M(
        "xai",
        "Colossus 2 first phase online",
        "facility",
        rel(55, "month"),
        description=RELATIVE_NOTE,
    ),
    M(
        "starling-bank",
        "Engine: first North American bank go-live",
        "partnership",
        rel(70),
        description=RELATIVE_NOTE,
    ),
    M("lovable", "Series B close", "funding_close", rel(75, "month"), description=RELATIVE_NOTE),
    M(
        "baichuan",
        "Medical model release",
        "product_release",
        rel(80, "month"),
        description=RELATIVE_NOTE,
    ),
    # Dated from the load day: later.
    M(
        "mistral-ai",
        "Paris-area data centre first phase online",
        "facility",
        rel(100, Q),
        description=RELATIVE_NOTE,
    ),
    M(
        "openai",
        "Stargate Abilene campus fully online",
        "facility",
        rel(120, Q),
        description=RELATIVE_NOTE,
    ),
    M(
        "figure-ai",
        "BotQ factory volume production",
        "facility",
        rel(150, Q),
        description=RELATIVE_NOTE,
    ),
    M(
        "safe-superintelligence",
        "First product announcement",
        "product_release",
        rel(200, H),
        description=RELATIVE_NOTE,
    ),
    M(
        "helsing",
        "CA-1 Europa first flight",
        "product_release",
        rel(300, "year"),
        description=RELATIVE_NOTE,
    ),
    M(
        "tsmc",
        "Arizona second fab volume production",
        "facility",
        rel(400, "year"),
        description=RELATIVE_NOTE,
    ),
    # Dated from the load day: overdue, no outcome recorded yet.
    M(
        "anduril",
        "Arsenal-1 factory production start",
        "facility",
        rel(-12),
        description=RELATIVE_NOTE,
    ),
    M(
        "climeworks",
        "Mammoth plant at full capacity",
        "facility",
        rel(-20),
        description=RELATIVE_NOTE,
    ),
    M(
        "ola-electric",
        "Gigafactory first phase at 5 GWh",
        "facility",
        rel(-40),
        description=RELATIVE_NOTE,
    ),
)
