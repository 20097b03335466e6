"""Articles per second of clean + extract + resolve, against trafilatura's extraction alone.

    python manage.py bench_ingest [CASES_DIR] [--rounds N]

CASES_DIR holds one folder per case (article.html|txt + meta.json, the eval format);
it defaults to ../shared/eval/dev where present, else bench/extract_cases. No network:
the pages are read from disk. Resolve reads the configured database's names (read only).
The figures are for reading; nothing here fails a build.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import trafilatura
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from deals.ingest.clean import clean
from deals.ingest.extract import extract
from deals.ingest.resolve import resolve

Case = tuple[bytes, str, str, datetime]


def default_cases() -> Path:
    shared = Path(settings.BASE_DIR).parent / "shared" / "eval" / "dev"
    return shared if shared.is_dir() else Path(settings.BASE_DIR) / "bench" / "extract_cases"


def load_cases(folder: Path) -> list[Case]:
    cases = []
    for case in sorted(p for p in folder.iterdir() if p.is_dir()):
        article = next(iter(sorted(case.glob("article.*"))), None)
        if article is None:
            continue
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        fetched = datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00"))
        kind = "text/html" if article.suffix in {".html", ".htm"} else "text/plain"
        cases.append((article.read_bytes(), kind, meta.get("url", ""), fetched))
    return cases


def per_second(work: Callable[[Case], Any], cases: list[Case], rounds: int) -> float:
    """Articles per second in the fastest of `rounds` passes over every case: as timeit
    advises, the minimum is the figure other processes on the machine disturb least."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for case in cases:
            work(case)
        best = min(best, time.perf_counter() - start)
    return len(cases) / best


def ingest_stages(case: Case) -> None:
    cleaned = clean(case[0], content_type=case[1], url=case[2], fetched_at=case[3])
    resolve(extract(cleaned), reported_on=cleaned.published)


def trafilatura_only(case: Case) -> None:
    trafilatura.extract(case[0].decode("utf-8", errors="replace"))


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cases", nargs="?", type=Path, default=None)
        parser.add_argument("--rounds", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["cases"] or default_cases()
        if not folder.is_dir():
            raise CommandError(f"No cases folder at {folder}.")
        cases = load_cases(folder)
        pages = [c for c in cases if c[1] == "text/html"]
        if not pages:
            raise CommandError(f"No HTML cases in {folder}: nothing to compare with trafilatura.")
        rounds = max(1, options["rounds"])
        for case in cases:  # imports, regex compilation, the first connection, parser caches
            ingest_stages(case)
        ours_all = per_second(ingest_stages, cases, rounds)
        ours_html = per_second(ingest_stages, pages, rounds)
        theirs = per_second(trafilatura_only, pages, rounds)
        self.stdout.write(
            f"{len(cases)} cases from {folder} ({len(pages)} HTML), best of {rounds} rounds"
        )
        self.stdout.write(f"clean+extract+resolve, all cases:     {ours_all:8.1f} articles/s")
        self.stdout.write(f"clean+extract+resolve, HTML pages:    {ours_html:8.1f} articles/s")
        self.stdout.write(f"trafilatura.extract alone, same HTML: {theirs:8.1f} articles/s")
        self.stdout.write(f"ratio (ours / trafilatura alone):     {ours_html / theirs:8.2f}")
