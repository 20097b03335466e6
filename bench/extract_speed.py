"""Articles per second of clean+extract on a folder of cases, against trafilatura alone.

usage: .venv/bin/python bench/extract_speed.py [CASES_DIR] [--rounds N]
CASES_DIR defaults to ../shared/eval/dev (one folder per case: article.html|txt + meta.json).
No assertions: the figures are for reading, not for failing a build.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from deals.ingest.clean import clean  # noqa: E402
from deals.ingest.extract import extract  # noqa: E402


def load_cases(folder: Path) -> list[tuple[bytes, str, str, datetime]]:
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


def rate(work, items: list, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            work(item)
    return rounds * len(items) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cases", nargs="?", type=Path, default=ROOT.parent / "shared/eval/dev")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    cases = load_cases(args.cases)
    if not cases:
        print(f"no cases in {args.cases}", file=sys.stderr)
        return 1
    pages = [c for c in cases if c[1] == "text/html"]

    def ours(case: tuple[bytes, str, str, datetime]) -> None:
        extract(clean(case[0], content_type=case[1], url=case[2], fetched_at=case[3]))

    def trafilatura_only(case: tuple[bytes, str, str, datetime]) -> None:
        trafilatura.extract(case[0].decode("utf-8", errors="replace"))

    ours(cases[0])  # warm up regex compilation and imports
    all_rate = rate(ours, cases, args.rounds)
    html_rate = rate(ours, pages, args.rounds) if pages else float("nan")
    traf_rate = rate(trafilatura_only, pages, args.rounds) if pages else float("nan")
    print(f"clean+extract, all {len(cases)} articles: {all_rate:8.1f} articles/s")
    print(f"clean+extract, {len(pages)} HTML pages:    {html_rate:8.1f} articles/s")
    print(f"trafilatura.extract alone, same pages:  {traf_rate:8.1f} articles/s")
    print(f"ratio (ours / trafilatura) on HTML:     {html_rate / traf_rate:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
