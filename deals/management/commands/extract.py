"""Print what the extractor finds in one article file, as one JSON object (SCHEMA.md).

Touches no database, so it runs where none is reachable.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from deals.ingest.clean import clean
from deals.ingest.extract import extract


def parse_fetched_at(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise CommandError(f"--fetched-at is not an ISO date-time: {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Extract rounds and milestones from an article file (.html or .txt) as JSON."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--url", default="")
        parser.add_argument("--fetched-at", default="", help="ISO 8601; default: now (UTC)")

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        raw = str(options["fetched_at"] or "")
        fetched_at = parse_fetched_at(raw) if raw else datetime.now(UTC)
        suffix = path.suffix.lower()
        content_type = (
            "text/html"
            if suffix in {".html", ".htm", ".xhtml"}
            else ("text/plain" if suffix in {".txt", ".text"} else "")
        )
        article = clean(
            content, content_type=content_type, url=str(options["url"] or ""), fetched_at=fetched_at
        )
        result = extract(article).as_schema()
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
