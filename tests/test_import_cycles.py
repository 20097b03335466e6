"""No import cycles among deals/ modules, counting imports inside functions too, and
no module importing another's underscored (private) names.

A function-level import hides a cycle from Python, not from the design: the
modules still depend on each other. Each module's imports are read with ast
(nothing is imported); `from pkg import name` counts as importing pkg.name when
that is a module, else pkg. A package's __init__ is not implied by importing one
of its modules, so a submodule must not import its own package's __init__.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "deals"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                drop = node.level - 1 if is_package else node.level
                anchor = anchor[: len(anchor) - drop]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                child = f"{base}.{alias.name}"
                targets.add(child if child in modules else base)
    return {t for t in targets if t in modules and t != name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as [a, b, ..., a], or [] when there is none (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_deals_has_no_import_cycles() -> None:
    graph = import_graph()
    assert "deals.alerts.delivery" in graph["deals.alerts"]  # the walk sees the package
    assert find_cycle(graph) == []


def test_domain_code_does_not_import_tasks() -> None:
    graph = import_graph()
    callers = {m for m, deps in graph.items() for d in deps if d.startswith("deals.tasks")}
    # deals.apps imports the package at start-up so every task is registered.
    assert {m for m in callers if not m.startswith("deals.tasks")} == {"deals.apps"}


def test_no_module_imports_private_names_of_another() -> None:
    private = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (
                node.level or f"{node.module}.".startswith("deals.")
            ):
                private += [f"{name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []


def test_the_walk_finds_a_cycle_through_a_function_level_import(tmp_path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
    # A lazy import inside a function is an edge like any other.
    source = "def f():\n    from deals.alerts import sweep\n"
    module = tmp_path / "lazy.py"
    module.write_text(source)
    modules = {"deals.alerts": module, "deals.alerts.sweep": module, "deals.lazy": module}
    assert _imports("deals.lazy", module, modules) == {"deals.alerts.sweep"}
