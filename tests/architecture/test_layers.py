"""The layering rules, checked on the source: pages hold no database access, only the lifecycle moves a
stream, detectors stay free of the database and Streamlit, services of Streamlit, and no import cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("pages", ("dashboard.db", "sqlalchemy")),
    ("detectors", ("dashboard", "sqlalchemy", "streamlit")),
    ("dashboard/services", ("streamlit", "dashboard.ui", "dashboard.scaleout", "celery")),
    ("dashboard/scaleout", ("streamlit", "dashboard.ui", "dashboard.cli")),
    ("dashboard/db", ("dashboard.services", "dashboard.ui", "streamlit")),
])
def test_layers_import_only_downwards(folder, forbidden):
    offenders = {f"{path.relative_to(ROOT)} imports {name}" for path in _modules(folder) for name in _imports(path)
                 if any(name == f or name.startswith(f + ".") for f in forbidden)}
    assert not offenders, sorted(offenders)


def test_pages_open_no_session():
    offenders = [str(p.relative_to(ROOT)) for p in _modules("pages")
                 if {"dashboard.ui.context.db", "dashboard.ui.auth.acting"} & _imports(p)]
    assert not offenders


def _writes_stream_state(path: Path) -> list[int]:
    """Lines that assign .state or .visibility (plain or tuple assignment), or bulk-update Stream."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []
        flat = [t for target in targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
        if any(isinstance(t, ast.Attribute) and t.attr in ("state", "visibility") for t in flat):
            lines.append(node.lineno)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "update" and node.args and \
                getattr(node.args[0], "id", None) == "Stream":
            lines.append(node.lineno)
    return lines


def test_only_the_lifecycle_moves_a_stream():
    lifecycle = ROOT / "dashboard" / "services" / "streams" / "lifecycle.py"
    assert _writes_stream_state(lifecycle)  # the check itself sees the writes it looks for
    offenders = {str(p.relative_to(ROOT)): lines for p in _modules("dashboard") + _modules("pages")
                 if p != lifecycle and (lines := _writes_stream_state(p))}
    assert not offenders, offenders


def test_no_import_cycle_under_dashboard():
    modules = {_name(p): p for p in _modules("dashboard")}
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> list[str] | None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                return trail + [name, target]
            if not state.get(target) and (cycle := visit(target, trail + [name])):
                return cycle
        state[name] = 2
        return None

    for name in sorted(graph):
        if not state.get(name):
            cycle = visit(name, [])
            assert cycle is None, " -> ".join(cycle[cycle.index(cycle[-1]):])


@pytest.mark.parametrize("folder", ["dashboard", "detectors", "pages"])
def test_modules_and_functions_stay_small(folder):
    big = {str(p.relative_to(ROOT)): n for p in _modules(folder) if (n := len(p.read_text().splitlines())) > 400}
    long = {f"{p.relative_to(ROOT)}:{node.name}": node.end_lineno - node.lineno + 1 for p in _modules(folder)
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 40}
    assert not big and not long, (big, long)
