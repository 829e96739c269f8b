"""One import style: a name comes from the module that defines it; the services' packages export nothing (the
lazy facades that once hid domains calling each other in a circle are gone with the circles)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = sorted((ROOT / "dashboard" / "services").glob("*/__init__.py")) + [ROOT / "dashboard/services/__init__.py"]


@pytest.mark.parametrize("init", PACKAGES, ids=[p.parent.name for p in PACKAGES])
def test_a_services_package_holds_only_its_docstring(init):
    body = ast.parse(init.read_text(encoding="utf-8")).body
    assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant), \
        f"{init.relative_to(ROOT)} should hold only its docstring"


def test_every_services_import_names_a_module_or_a_name_defined_in_one():
    """`from dashboard.services.desk import claim_next` would need a facade: only modules come from a package."""
    wrong = []
    for path in [*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("tests/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard.services"):
                package = ROOT / Path(*node.module.split("."))
                if package.is_dir():
                    wrong += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                              if not ((package / a.name).is_dir() or (package / f"{a.name}.py").is_file())]
    assert not wrong, wrong
