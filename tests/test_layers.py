"""Views read through selectors: no queryset is built in deals/views."""

from __future__ import annotations

import ast
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[1] / "deals" / "views"
QUERY_NAMES = {"objects", "_default_manager", "get_object_or_404", "get_list_or_404"}


def queries_in(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in QUERY_NAMES:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in QUERY_NAMES:
            found.append(f"line {node.lineno}: {node.id}")
        elif isinstance(node, ast.ImportFrom) and any(a.name in QUERY_NAMES for a in node.names):
            found.append(f"line {node.lineno}: imports {node.module}")
    return found


def test_views_build_no_querysets() -> None:
    offending = {
        path.name: hits
        for path in sorted(VIEWS.glob("*.py"))
        if (hits := queries_in(path.read_text()))
    }
    assert offending == {}


def test_the_check_sees_a_query_in_a_view() -> None:
    source = "from django.shortcuts import get_object_or_404\nx = Round.objects.filter(pk=1)\n"
    assert queries_in(source) == ["line 1: imports django.shortcuts", "line 2: .objects"]


INGEST = Path(__file__).resolve().parents[1] / "deals" / "ingest"


def stage_literals(source: str, stage_values: set[str]) -> list[str]:
    return [
        f"line {node.lineno}: {node.value!r}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and node.value in stage_values
    ]


def test_stage_words_live_in_one_module() -> None:
    # A stage is a Stage value named in deals/ingest/extract/stages.py; a string
    # "ipo" elsewhere is a second vocabulary that a new stage word would miss.
    from deals.models.choices import Stage

    values = {str(stage.value) for stage in Stage}
    offending = {
        str(path.relative_to(INGEST)): hits
        for path in sorted(INGEST.rglob("*.py"))
        if path.name != "stages.py" and (hits := stage_literals(path.read_text(), values))
    }
    assert offending == {}


def test_the_check_sees_a_stage_literal() -> None:
    assert stage_literals('if r.stage == "ipo":\n    pass\n', {"ipo"}) == ["line 1: 'ipo'"]
