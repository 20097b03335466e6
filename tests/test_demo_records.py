"""deals/demo/records.py: the demo data files read into the spec dataclasses, checked."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from deals.demo import records
from deals.demo.records import RELATIVE_NOTE, DemoDataError, demo_records
from deals.demo.spec import Fixed, Relative, resolve


def test_shipped_files_read_as_records() -> None:
    demo = demo_records()
    openai = next(
        r for r in demo.rounds if (r.company, r.announced_on) == ("openai", dt.date(2024, 10, 2))
    )
    assert (openai.amount, openai.currency, openai.valuation) == (
        Decimal("6.6e9"),
        "USD",
        Decimal("157e9"),
    )
    assert openai.investors == (
        ("thrive-capital", True),
        ("microsoft", False),
        ("nvidia", False),
        ("softbank", False),
        ("mgx", False),
    )
    catl = next(i for i in demo.investors if i.slug == "catl")
    assert (catl.kind, catl.company) == ("corporate", "catl")
    klarna = next(a for a in demo.queue if a.filename == "klarna-ipo.txt")
    assert klarna.published_at == dt.datetime(2025, 9, 9, 23, tzinfo=dt.UTC)
    assert klarna.path.is_file()


@pytest.mark.parametrize(
    ("when", "start", "end", "precision"),
    [
        (dt.date(2023, 9, 14), dt.date(2023, 9, 14), dt.date(2023, 9, 14), "day"),
        ("2027-06", dt.date(2027, 6, 1), dt.date(2027, 6, 30), "month"),
        ("2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), "quarter"),
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "half"),
        (2027, dt.date(2027, 1, 1), dt.date(2027, 12, 31), "year"),
    ],
)
def test_a_fixed_when_is_the_period_it_names(
    tmp_path: Path, when: Any, start: dt.date, end: dt.date, precision: str
) -> None:
    _edit(tmp_path, "milestones.yaml", 0, lambda m: m.update(when=when))
    milestone = demo_records(tmp_path).milestones[0]
    assert milestone.when == Fixed(start, end, precision)


def test_a_relative_when_is_dated_from_the_load_day_and_says_so(tmp_path: Path) -> None:
    _edit(
        tmp_path,
        "milestones.yaml",
        0,
        lambda m: m.update(when={"days_from_load": 30, "precision": "quarter"}, description=""),
    )
    milestone = demo_records(tmp_path).milestones[0]
    assert milestone.when == Relative(30, "quarter")
    assert milestone.description == RELATIVE_NOTE
    # 15 November + 30 days is in December: the fourth quarter.
    assert resolve(milestone.when, today=dt.date(2026, 11, 15)) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        "quarter",
    )


def test_a_fixed_when_keeps_its_own_description(tmp_path: Path) -> None:
    _edit(tmp_path, "milestones.yaml", 0, lambda m: m.update(when=2027, description=""))
    assert demo_records(tmp_path).milestones[0].description == ""


@pytest.mark.parametrize(
    ("filename", "index", "change", "error"),
    [
        # A float has lost digits already: amounts are quoted.
        (
            "rounds.yaml",
            1,
            lambda r: r.update(amount=6.6),
            r"rounds.yaml, record 2, field 'amount'",
        ),
        ("rounds.yaml", 0, lambda r: r.update(amout="1"), r"record 1: unknown field 'amout'"),
        ("rounds.yaml", 2, lambda r: r.pop("currency"), r"record 3, field 'currency': missing"),
        ("rounds.yaml", 0, lambda r: r.update(stage="series_z"), r"'stage': must be one of"),
        ("rounds.yaml", 0, lambda r: r.update(announced_on="soon"), r"'announced_on'"),
        (
            "rounds.yaml",
            0,
            lambda r: r.update(investors=["thrive-capital (lead)", "nobody"]),
            r"rounds.yaml, record 1, field 'investors': no 'nobody' in investors.yaml",
        ),
        ("rounds.yaml", 0, lambda r: r.update(investors="a16z"), r"'investors': must be a list"),
        # Norway's code, unquoted, is a boolean to YAML.
        (
            "companies.yaml",
            4,
            lambda c: c.update(country=False),
            r"record 5, field 'country'.*quote",
        ),
        ("companies.yaml", 0, lambda c: c.update(aliases="DeepSeek AI"), r"'aliases'"),
        (
            "investors.yaml",
            0,
            lambda i: i.update(kind="vc"),
            r"investors.yaml, record 1, field 'kind'",
        ),
        (
            "investors.yaml",
            0,
            lambda i: i.update(company="nowhere"),
            r"field 'company': no 'nowhere'",
        ),
        ("milestones.yaml", 0, lambda m: m.update(when="2027-13"), r"record 1, field 'when'"),
        ("milestones.yaml", 0, lambda m: m.update(when="2027-Q5"), r"field 'when'"),
        (
            "milestones.yaml",
            0,
            lambda m: m.update(when={"days_from_load": 10, "precision": "week"}),
            r"field 'when': precision must be one of",
        ),
        ("milestones.yaml", 0, lambda m: m.update(when={"days": 10}), r"field 'when'"),
        ("milestones.yaml", 0, lambda m: m.update(status="done"), r"field 'status'"),
        ("queue.yaml", 0, lambda a: a.update(filename="missing.txt"), r"field 'filename': no "),
        ("queue.yaml", 0, lambda a: a.update(fetched_at=dt.date(2025, 3, 26)), r"'fetched_at'"),
    ],
)
def test_a_bad_record_names_its_file_record_and_field(
    tmp_path: Path, filename: str, index: int, change: Callable[[dict], object], error: str
) -> None:
    _edit(tmp_path, filename, index, change)
    with pytest.raises(DemoDataError, match=error):
        demo_records(tmp_path)


def test_a_natural_key_used_twice_is_refused(tmp_path: Path) -> None:
    first: dict[str, Any] = {}
    _edit(tmp_path, "rounds.yaml", 0, first.update)
    _edit(tmp_path, "rounds.yaml", 1, lambda r: r.update(first))
    with pytest.raises(
        DemoDataError, match=r"rounds.yaml: company, stage, announced_on .* 2 times"
    ):
        demo_records(tmp_path)


def test_a_file_that_is_not_yaml_names_its_line(tmp_path: Path) -> None:
    _copy(tmp_path)
    (tmp_path / "queue.yaml").write_text("- filename: [unclosed\n")
    with pytest.raises(DemoDataError, match=r"(?s)queue.yaml: .*line 1"):
        demo_records(tmp_path)


def test_a_file_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    _copy(tmp_path)
    (tmp_path / "companies.yaml").write_text("slug: deepseek\n")
    with pytest.raises(DemoDataError, match=r"companies.yaml: must be a list"):
        demo_records(tmp_path)


def _copy(tmp_path: Path) -> None:
    for path in records.DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)


def _edit(tmp_path: Path, filename: str, index: int, change: Callable[[dict], object]) -> None:
    """The shipped files in tmp_path, record `index` of `filename` changed."""
    if not any(tmp_path.iterdir()):
        _copy(tmp_path)
    path = tmp_path / filename
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data[index])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
