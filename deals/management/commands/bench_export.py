"""Rows per second and peak memory of the rounds CSV export, against the database.

    python manage.py bench_export [--limit N] [--query "stage=series_a"]

Runs the export's own line generator (deals.selectors.export.csv_lines) to the end,
as a download would, with tracemalloc on: the peak is what the export holds at once,
which stays flat however many rounds are exported. The figures are for reading.
"""

from __future__ import annotations

import time
import tracemalloc
from itertools import islice
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.http import QueryDict

from deals.models import Round
from deals.selectors.export import csv_lines


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="stop after N rounds")
        parser.add_argument("--query", default="", help="the rounds list's query string")

    def handle(self, *args: Any, **options: Any) -> None:
        filters = QueryDict(options["query"])
        limit = options["limit"]
        # Timed untraced (tracemalloc slows Python several times over), then again traced
        # for the peak: what the export holds at once.
        rows, size, elapsed = _export(filters, limit)
        tracemalloc.start()
        _export(filters, limit)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.stdout.write(f"{Round.objects.count():,} rounds in the database")
        self.stdout.write(f"exported {rows:,} rows, {size / 1e6:.1f} MB in {elapsed:.1f} s")
        self.stdout.write(f"rows per second: {rows / elapsed:,.0f}")
        self.stdout.write(f"peak traced memory: {peak / 1e6:.1f} MB")


def _export(filters: QueryDict, limit: int | None) -> tuple[int, int, float]:
    """(rows, characters, seconds) of one export run to the end, as a download would."""
    lines = csv_lines(filters=filters, site="https://fundtracker.example")
    started = time.perf_counter()
    size = count = 0
    for line in islice(lines, None if limit is None else limit + 1):
        size += len(line)
        count += 1
    return count - 1, size, time.perf_counter() - started  # less the header
