"""The architecture rules as functions over a source tree, so a test can run them on the project and on a copy
with a violation planted in it (each rule must catch its own kind)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

LAYERS = [  # folder, what it must not import
    ("pages", ("dashboard.db", "sqlalchemy", "dashboard.cli")),
    ("detectors", ("dashboard", "sqlalchemy", "streamlit")),
    ("dashboard/services", ("streamlit", "dashboard.ui", "dashboard.scaleout", "dashboard.cli", "celery")),
    ("dashboard/ui", ("dashboard.cli",)),
    ("dashboard/scaleout", ("streamlit", "dashboard.ui", "dashboard.cli")),
    ("dashboard/db", ("dashboard.services", "dashboard.ui", "dashboard.cli", "streamlit")),
    ("scripts", ("dashboard.ui", "dashboard.cli", "streamlit")),
]
DOMAINS = [  # the services' domains by floor, ground first: a domain imports only from floors below its own
    ("refs", "stored_files", "tables"),  # visible ids, stored files, DataFrames, spreadsheets, files' records
    ("access",),
    ("streams",),
    ("evidence",),  # the detectors the settings choose, a scan's anonymised frames
    ("desk", "compliance"),
    ("scanning",),  # its runs check the consent stickers a scan read (compliance)
    ("appeals", "wind_down", "retention"),
    ("data",),  # imports, exports, the demo platform
]
STREAM_SQL = re.compile(r"\bupdate\s+streams\b[^;]*\bset\b[^;]*\b(state|visibility)\b", re.IGNORECASE | re.DOTALL)
LIFECYCLE = Path("dashboard/services/streams/lifecycle.py")


def modules(root: Path, folder: str) -> list[Path]:
    """Python files under a folder of the tree."""
    return sorted((root / folder).rglob("*.py"))


def module_name(root: Path, path: Path) -> str:
    """dashboard/services/desk/__init__.py -> dashboard.services.desk."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def facades(root: Path) -> dict[str, dict[str, str]]:
    """Each facade package (an __init__ with a MODULES table) -> {public name: the module that defines it}."""
    found = {}
    for path in modules(root, "dashboard"):
        if path.name == "__init__.py" and (table := _facade_table(ast.parse(path.read_text(encoding="utf-8")))):
            package = module_name(root, path)
            found[package] = {name: f"{package}.{module}" for module, names in table.items() for name in names}
    return found


def imports(root: Path, path: Path, facade_map: dict[str, dict[str, str]] | None = None) -> set[str]:
    """Every module a file imports: absolute, relative (made absolute), by name through importlib or __import__,
    and through a facade package the module that really defines each name used from it."""
    tree, here = ast.parse(path.read_text(encoding="utf-8")), module_name(root, path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    facade_map = facade_map if facade_map is not None else facades(root)
    names, local_facades = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            names.add(base)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(facade_map.get(base, {}).get(alias.name, full))
                if full in facade_map:
                    local_facades[alias.asname or alias.name] = full
        elif isinstance(node, ast.Call) and _dynamic_import(node) and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    for node in ast.walk(tree):  # desk.claim_next(...) where desk is a facade: the module defining claim_next
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) in local_facades:
            facade = local_facades[node.value.id]
            names.add(facade_map[facade].get(node.attr, facade))
    return names


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    anchor = parts[:len(parts) - node.level + 1]
    return ".".join(anchor + ([node.module] if node.module else []))


def _dynamic_import(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in ("import_module", "__import__") and bool(node.args)


def _facade_table(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "MODULES" for t in node.targets) \
                and isinstance(node.value, ast.Dict):
            return {k.value: tuple(e.value for e in v.elts if isinstance(e, ast.Constant))
                    for k, v in zip(node.value.keys, node.value.values)
                    if isinstance(k, ast.Constant) and isinstance(v, (ast.Tuple, ast.List))}
    return {}


def layer_offences(root: Path) -> list[str]:
    """Imports that point up (or sideways where forbidden)."""
    facade_map = facades(root)
    return sorted(f"{path.relative_to(root)} imports {name}" for folder, forbidden in LAYERS
                  for path in modules(root, folder) for name in imports(root, path, facade_map)
                  if any(name == f or name.startswith(f + ".") for f in forbidden))


def domain_offences(root: Path) -> list[str]:
    """Imports between the services' domains that do not point to a lower floor of DOMAINS (a domain missing from
    DOMAINS is an offence too: its place must be decided)."""
    floor = {domain: level for level, names in enumerate(DOMAINS) for domain in names}
    services, facade_map, found = root / "dashboard" / "services", facades(root), []
    known = {p.stem for p in services.iterdir() if p.is_dir() or p.suffix == ".py"} - {"__init__", "__pycache__"}
    for domain in sorted(known - set(floor)):
        found.append(f"dashboard/services/{domain} has no floor in DOMAINS")
    for path in modules(root, "dashboard/services"):
        here = path.relative_to(services).parts[0].removesuffix(".py")
        for name in imports(root, path, facade_map):
            parts = name.split(".")
            there = parts[2] if len(parts) > 2 and parts[:2] == ["dashboard", "services"] else None
            if there in known and there != here and here in floor and there in floor and floor[there] >= floor[here]:
                found.append(f"{path.relative_to(root)} ({here}) imports {name} ({there})")
    return sorted(set(found))


def stream_writes(path: Path) -> list[int]:
    """Lines that set a stream's state or visibility: assignment (plain, tuple, augmented), setattr, an ORM or
    Core update of Stream (update(Stream), sa.update(Stream)), or SQL text updating the streams table."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []
        flat = [t for target in targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
        if any(isinstance(t, ast.Attribute) and t.attr in ("state", "visibility") for t in flat):
            lines.append(node.lineno)
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0] if node.args else None
            if name == "update" and (getattr(first, "id", None) == "Stream" or getattr(first, "attr", None) == "Stream"):
                lines.append(node.lineno)
            if name == "setattr" and len(node.args) > 1 and getattr(node.args[1], "value", None) in ("state",
                                                                                                    "visibility"):
                lines.append(node.lineno)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and STREAM_SQL.search(node.value):
            lines.append(node.lineno)
    return lines


def stream_writers(root: Path) -> dict[str, list[int]]:
    """Files other than the lifecycle that move a stream."""
    lifecycle = root / LIFECYCLE
    return {str(p.relative_to(root)): lines for p in modules(root, "dashboard") + modules(root, "pages")
            if p != lifecycle and (lines := stream_writes(p))}


def import_cycle(root: Path) -> list[str] | None:
    """One import cycle under dashboard/ (through facades and relative imports too), or None."""
    paths = {module_name(root, p): p for p in modules(root, "dashboard")}
    facade_map = facades(root)
    graph = {name: {m for m in imports(root, path, facade_map) if m in paths and m != name}
             for name, path in paths.items()}
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
        if not state.get(name) and (cycle := visit(name, [])):
            return cycle[cycle.index(cycle[-1]):]
    return None


def code_literals(root: Path, codes: set[str]) -> list[str]:
    """Comparisons in pages and the UI against a vocabulary code spelt as a string: they compare members.
    (`x == "open"` and `x in ("open", ...)` are caught; `"report" in query_params` is a key, not a code.)"""
    found = []
    for path in [*modules(root, "pages"), *modules(root, "dashboard/ui")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                found += [f"{path.relative_to(root)}:{node.lineno}: {value!r}" for value in _compared(node)
                          if value in codes]
    return found


def _compared(node: ast.Compare) -> list[str]:
    """The string constants a comparison tests a value against."""
    strings = []
    for op, left, right in zip(node.ops, [node.left, *node.comparators], node.comparators):
        if isinstance(op, (ast.Eq, ast.NotEq)):
            strings += [o.value for o in (left, right) if isinstance(o, ast.Constant)]
        elif isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List, ast.Set)):
            strings += [e.value for e in right.elts if isinstance(e, ast.Constant)]
    return [s for s in strings if isinstance(s, str)]
