"""The demo records, read from the YAML files in data/ into the spec dataclasses.

Each file is a list of mappings whose keys are the dataclass's field names (the
header comment of each file lists them and its notations). Everything is
checked on load, before anything is written: a value of the wrong shape, an
unknown choice, a missing or unknown field, a slug no other file defines or a
natural key used twice raises DemoDataError naming the file, the record (its
position, counted from 1) and the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import typing
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from deals.models import Company, Investor, Milestone, Round
from deals.models.choices import Precision

from .spec import (
    ARTICLES_DIR,
    DemoArticle,
    DemoCompany,
    DemoInvestor,
    DemoMilestone,
    DemoRound,
    Fixed,
    Relative,
    period_of,
)

DATA_DIR = Path(__file__).parent / "data"

# Made-up dates must not pass for reporting: the loader says so in their description.
RELATIVE_NOTE = "Demo milestone: dated relative to the day the demo data was loaded."


class DemoDataError(ValueError):
    """A demo data file that does not read as demo records."""


class _Invalid(ValueError):
    """A bad value; DemoDataError adds the file, record and field."""


@dataclass(frozen=True)
class DemoRecords:
    companies: tuple[DemoCompany, ...]
    investors: tuple[DemoInvestor, ...]
    rounds: tuple[DemoRound, ...]
    milestones: tuple[DemoMilestone, ...]
    queue: tuple[DemoArticle, ...]


def demo_records(directory: Path | None = None) -> DemoRecords:
    """Every record of the demo files in `directory` (data/), checked; raises DemoDataError."""
    directory = directory or DATA_DIR
    records = DemoRecords(
        companies=_read(directory / "companies.yaml", DemoCompany),
        investors=_read(directory / "investors.yaml", DemoInvestor),
        rounds=_read(directory / "rounds.yaml", DemoRound),
        milestones=tuple(
            _with_note(m) for m in _read(directory / "milestones.yaml", DemoMilestone)
        ),
        queue=_read(directory / "queue.yaml", DemoArticle),
    )
    _check_references(records)
    return records


def _with_note(milestone: DemoMilestone) -> DemoMilestone:
    if isinstance(milestone.when, Relative) and not milestone.description:
        return dataclasses.replace(milestone, description=RELATIVE_NOTE)
    return milestone


# Values -------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, bool):
        # YAML 1.1 reads yes/no/on/off unquoted as booleans: Norway's "NO" among them.
        raise _Invalid(f"must be text, not {value!r} (quote it: YAML reads it as a boolean)")
    if not isinstance(value, str):
        raise _Invalid(f"must be text, not {value!r}")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Invalid(f"must be a list, like [a, b], not {value!r}")
    return tuple(_text(item) for item in value)


def _amount(value: Any) -> Decimal:
    # A float has already lost digits (and YAML reads 1.5e+9 as one): only text or an integer.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Invalid(f'must be a quoted number like "6.6e9", not {value!r}')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise _Invalid(f'must be a quoted number like "6.6e9", not {value!r}') from None
    if not amount.is_finite() or amount < 0:
        raise _Invalid(f"must be a number of zero or more, not {value!r}")
    return amount


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise _Invalid(f"must be a date like 2024-10-02, not {value!r}")


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value
    raise _Invalid(
        f"must be a date and time with its zone, like 2025-03-26T16:00:00Z, not {value!r}"
    )


def _investors(value: Any) -> tuple[tuple[str, bool], ...]:
    """[thrive-capital (lead), microsoft] -> (("thrive-capital", True), ("microsoft", False))."""
    entries = []
    for entry in _texts(value):
        slug = entry.removesuffix(" (lead)")
        if not re.fullmatch(r"[a-z0-9-]+", slug):
            raise _Invalid(f'{entry!r} is not an investor slug, or a slug and " (lead)"')
        entries.append((slug, slug != entry))
    return tuple(entries)


_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-H([12]))?")


def _period(value: Any) -> Fixed:
    """2023-09-14, 2027-06, 2025-Q4, 2026-H1 or 2027: the day, month, quarter, half or year."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Fixed(value, value, Precision.DAY)
    match = _PERIOD.fullmatch(str(value)) if isinstance(value, str | int) else None
    if match is None or isinstance(value, bool):
        raise _Invalid(f"must be a day, month, quarter, half or year like 2027-Q2, not {value!r}")
    year, month, day, quarter, half = match.groups()
    try:
        if day:
            first, precision = dt.date(int(year), int(month), int(day)), Precision.DAY
        elif month:
            first, precision = dt.date(int(year), int(month), 1), Precision.MONTH
        elif quarter:
            first, precision = dt.date(int(year), int(quarter) * 3 - 2, 1), Precision.QUARTER
        elif half:
            first, precision = dt.date(int(year), int(half) * 6 - 5, 1), Precision.HALF
        else:
            first, precision = dt.date(int(year), 1, 1), Precision.YEAR
    except ValueError as exc:
        raise _Invalid(f"{value!r}: {exc}") from None
    return Fixed(*period_of(first, precision), precision)


def _when(value: Any) -> Fixed | Relative:
    """A period (see _period), or {days_from_load: N, precision: P} dated from the load day."""
    if not isinstance(value, dict):
        return _period(value)
    unknown = set(value) - {"days_from_load", "precision"}
    if unknown or "days_from_load" not in value:
        raise _Invalid(f"must be {{days_from_load: N}}, optionally with precision, not {value!r}")
    days = value["days_from_load"]
    if isinstance(days, bool) or not isinstance(days, int):
        raise _Invalid(f"days_from_load must be a whole number of days, not {days!r}")
    precision = _text(value.get("precision", Precision.DAY))
    if precision not in Precision.values:
        raise _Invalid(f"precision must be one of {', '.join(Precision.values)}, not {precision!r}")
    return Relative(days, precision)


def _close(value: Any) -> tuple[dt.date, dt.date]:
    period = _period(value)
    return period.start, period.end


def _optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else parse(value)


# By field name first, then by the field's type in spec.py.
_BY_NAME: dict[str, Callable[[Any], Any]] = {
    "investors": _investors,
    "when": _when,
    "expected_close": _optional(_close),
}
_BY_TYPE: dict[Any, Callable[[Any], Any]] = {
    str: _text,
    tuple[str, ...]: _texts,
    Decimal | None: _optional(_amount),
    dt.date: _date,
    dt.date | None: _optional(_date),
    dt.datetime: _moment,
}
# The model whose field choices a record's text fields must be among.
_MODELS: dict[type, type[models.Model]] = {
    DemoCompany: Company,
    DemoInvestor: Investor,
    DemoRound: Round,
    DemoMilestone: Milestone,
}


# Files and records --------------------------------------------------------------

T = typing.TypeVar("T")


def _read(path: Path, cls: type[T]) -> tuple[T, ...]:
    try:
        with path.open(encoding="utf-8") as file:
            data = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise DemoDataError(f"{path.name}: {exc}") from exc
    if not isinstance(data, list):
        raise DemoDataError(f"{path.name}: must be a list of records (lines starting with -)")
    return tuple(_record(cls, item, f"{path.name}, record {n}") for n, item in enumerate(data, 1))


def _record(cls: type[T], item: Any, where: str) -> T:
    if not isinstance(item, dict):
        raise DemoDataError(f"{where}: must be a mapping of field: value, not {item!r}")
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(cls)
    unknown = sorted(set(item) - set(fields), key=str)
    if unknown:
        raise DemoDataError(f"{where}: unknown field {unknown[0]!r}; fields: {', '.join(fields)}")
    values = {}
    for name, field in fields.items():
        if name not in item:
            if field.default is field.default_factory is dataclasses.MISSING:
                raise DemoDataError(f"{where}, field {name!r}: missing")
            continue
        parse = _BY_NAME.get(name) or _BY_TYPE[hints[name]]
        try:
            values[name] = parse(item[name])
            _check_choice(cls, name, values[name])
        except _Invalid as exc:
            raise DemoDataError(f"{where}, field {name!r}: {exc}") from None
    return cls(**values)


def _check_choice(cls: type, name: str, value: Any) -> None:
    model = _MODELS.get(cls)
    if model is None or not isinstance(value, str):
        return
    try:
        # A relation (Investor.company) has no choices.
        choices = getattr(model._meta.get_field(name), "choices", None)
    except FieldDoesNotExist:
        return
    allowed = [str(key) for key, _label in choices or ()]
    if allowed and value not in allowed:
        raise _Invalid(f"must be one of {', '.join(allowed)}, not {value!r}")


def _check_references(records: DemoRecords) -> None:
    """Slugs name records of the other files; natural keys are unique; articles exist."""
    companies = {c.slug for c in records.companies}
    investors = {i.slug for i in records.investors}
    problems = _duplicates("companies.yaml", "slug", (c.slug for c in records.companies))
    problems += _duplicates("investors.yaml", "slug", (i.slug for i in records.investors))
    problems += _duplicates(
        "rounds.yaml",
        "company, stage, announced_on",
        ((r.company, r.stage, r.announced_on) for r in records.rounds),
    )
    problems += _duplicates(
        "milestones.yaml", "company, title", ((m.company, m.title) for m in records.milestones)
    )
    for n, investor in enumerate(records.investors, 1):
        if investor.company and investor.company not in companies:
            problems.append(f"investors.yaml, record {n}, field 'company': no {investor.company!r}")
    for n, round_ in enumerate(records.rounds, 1):
        if round_.company not in companies:
            problems.append(f"rounds.yaml, record {n}, field 'company': no {round_.company!r}")
        problems += [
            f"rounds.yaml, record {n}, field 'investors': no {slug!r} in investors.yaml"
            for slug, _lead in round_.investors
            if slug not in investors
        ]
    for n, milestone in enumerate(records.milestones, 1):
        if milestone.company not in companies:
            problems.append(
                f"milestones.yaml, record {n}, field 'company': no {milestone.company!r}"
            )
    for n, article in enumerate(records.queue, 1):
        if not article.path.is_file():
            problems.append(
                f"queue.yaml, record {n}, field 'filename': no {ARTICLES_DIR / article.filename}"
            )
    if problems:
        raise DemoDataError("; ".join(problems))


def _duplicates(filename: str, key: str, values: Iterable[Any]) -> list[str]:
    counts = Counter(values)
    return [
        f"{filename}: {key} {value!r} is used {n} times" for value, n in counts.items() if n > 1
    ]
