"""Reading an uploaded CSV of rounds: the file's own errors, then each row's values
checked and its names matched to companies and investors on file. Nothing is written.

The columns are the export's (deals/selectors/export.py): a file downloaded from a
rounds list can be edited and imported again. `company` is the one required column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from deals.currency import is_known_currency
from deals.models import Company, Investor
from deals.models.choices import RoundStatus, Stage
from deals.selectors.export import FORMULA_START, HEADER
from deals.services.companies import find_by_name

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
REQUIRED = ("company",)
_STAGES = {**{v: v for v in Stage.values}, **{str(label).lower(): v for v, label in Stage.choices}}
_STATUSES = {
    **{v: v for v in RoundStatus.values},
    **{str(label).lower(): v for v, label in RoundStatus.choices},
}


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message says why, for the editor."""


def read_file(data: bytes) -> tuple[str, list[dict[str, Any]]]:
    """The file's text and its rows checked; FileRefused for a file that is not a CSV of
    rounds (binary, not UTF-8, no `company` column, too many rows, broken quoting)."""
    if len(data) > MAX_BYTES:
        raise FileRefused(f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")
    if b"\x00" in data:
        raise FileRefused("This is not a text file (it holds NUL bytes).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused("The file is not UTF-8 text: save it as “CSV UTF-8”.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise FileRefused(
                f"No “{missing[0]}” column. The first line must name the columns, as an "
                f"export does: {', '.join(HEADER)}."
            )
        rows: list[dict[str, Any]] = []
        for values in reader:
            if len(rows) == MAX_ROWS:
                raise FileRefused(f"More than {MAX_ROWS} rows: split the file.")
            rows.append(check_row(reader.line_num, values))
    except csv.Error as exc:
        raise FileRefused(f"Line {reader.line_num}: the CSV is malformed ({exc}).") from None
    if not rows:
        raise FileRefused("The file has a header but no rows.")
    return text, rows


def _cell(values: dict[str | None, Any], name: str) -> str:
    raw = values.get(name)
    text = (raw if isinstance(raw, str) else "").strip()
    # A cell the export neutralised ("'=...") comes back as it was written.
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text


def check_row(line: int, values: dict[str | None, Any]) -> dict[str, Any]:
    """One row: its values as the round will have them, its errors, its name matches."""
    errors: list[str] = []
    row: dict[str, Any] = {"line": line, "company": _cell(values, "company")[:200]}
    if not row["company"]:
        errors.append("No company.")
    stage = _cell(values, "stage").lower()
    row["stage"] = _STAGES.get(stage or "unknown")
    if row["stage"] is None:
        errors.append(f"Unknown stage “{stage}”.")
    status = _cell(values, "status").lower()
    row["status"] = _STATUSES.get(status or "completed")
    if row["status"] is None:
        errors.append(f"Unknown status “{status}”.")
    for name in ("announced", "expected_close_from", "expected_close_to"):
        row[name] = _date(_cell(values, name), name, errors)
    for amount, currency in (("amount", "currency"), ("valuation", "valuation_currency")):
        row[amount] = _amount(_cell(values, amount), amount, errors)
        row[currency] = _cell(values, currency).upper()
        if row[currency] and not is_known_currency(row[currency]):
            errors.append(f"Unknown currency “{row[currency]}”.")
        if row[amount] is not None and not row[currency]:
            errors.append(f"{amount.capitalize()} without a currency.")
    row["lead_investors"] = _names(_cell(values, "lead_investors"))
    row["other_investors"] = _names(_cell(values, "other_investors"))
    row["errors"] = errors
    row["text"] = ", ".join(f"{k}: {v}" for k, v in values.items() if k and v)[:1000]
    row["fingerprint"] = _fingerprint(row)
    _match_names(row)
    return row


def _date(text: str, name: str, errors: list[str]) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        errors.append(f"{name}: “{text}” is not a date (YYYY-MM-DD).")
        return None


def _amount(text: str, name: str, errors: list[str]) -> str | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors.append(f"{name}: “{text}” is not a number.")
        return None
    if not value.is_finite() or value < 0 or value >= Decimal("1e18"):
        errors.append(f"{name}: {text} is not an amount.")
        return None
    return str(value)


def _names(text: str) -> list[str]:
    return [n.strip()[:200] for n in text.split(";") if n.strip()]


def _fingerprint(row: dict[str, Any]) -> str:
    key = "|".join(
        str(row.get(k) or "").casefold()
        for k in ("company", "stage", "status", "announced", "amount", "currency")
    )
    return hashlib.sha256(key.encode()).hexdigest()


def _match_names(row: dict[str, Any]) -> None:
    """Which names are on file (by name or alias): the preview says matched or new."""
    company = find_by_name(Company, row["company"]) if row["company"] else None
    row["company_id"] = company.pk if company else None
    row["new_investors"] = [
        n
        for n in row["lead_investors"] + row["other_investors"]
        if find_by_name(Investor, n) is None
    ]
