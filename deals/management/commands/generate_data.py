"""Fill PostgreSQL with realistic, deterministic synthetic deal data, fast.

    manage.py generate_data --companies 100000 --investors 20000 \\
        --rounds 1000000 --milestones 1000000 --seed 1

The rows are a function of (seed, sizes, --today) only. What they look like, and
how they are loaded, is in `deals.synthetic`; this command parses the arguments,
shows progress and reports what it wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from deals.synthetic import Mode, SyntheticDataError, generate

SCALES: dict[str, dict[str, int]] = {
    "small": {"companies": 200, "investors": 100, "rounds": 2_000, "milestones": 2_000},
    "full": {
        "companies": 100_000,
        "investors": 20_000,
        "rounds": 1_000_000,
        "milestones": 1_000_000,
    },
}


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
        sizes = {
            k: options[k] if options[k] is not None else v
            for k, v in SCALES[options["scale"]].items()
        }
        mode: Mode = "flush" if options["flush"] else "append" if options["append"] else "new"
        quiet = options["verbosity"] == 0
        try:
            summary = generate(
                sizes=sizes,
                seed=options["seed"],
                today=options["today"] or timezone.localdate(),
                mode=mode,
                progress=not quiet,
            )
        except SyntheticDataError as e:
            raise CommandError(str(e)) from e
        if not quiet:
            counts = ", ".join(f"{n:,} {name}" for name, n in asdict(summary).items())
            self.stdout.write(self.style.SUCCESS(f"Generated {counts}."))
