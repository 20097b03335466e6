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
