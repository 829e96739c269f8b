"""The layering rules, checked on the source: pages hold no database access, only the lifecycle moves a
stream, detectors stay free of the database and Streamlit, services of Streamlit, and no import cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard import enums
from detectors.scene import ReasonCode
from tests.architecture import rules

ROOT = Path(__file__).resolve().parents[2]


def vocabulary_codes() -> set[str]:
    """Every code of the console's vocabularies and the scene scorer's reasons."""
    vocabularies = [v for v in vars(enums).values() if isinstance(v, type) and issubclass(v, enums.Vocabulary)]
    return {m.value for v in [*vocabularies, ReasonCode] for m in v}


def _modules(folder: str) -> list[Path]:
    return rules.modules(ROOT, folder)


def test_layers_import_only_downwards():
    assert not rules.layer_offences(ROOT)


def test_domains_call_one_way_down_the_floors():
    assert not rules.domain_offences(ROOT)


def test_pages_open_no_session():
    offenders = [str(p.relative_to(ROOT)) for p in _modules("pages")
                 if {"dashboard.ui.context.db", "dashboard.ui.auth.acting"} & rules.imports(ROOT, p)]
    assert not offenders


def test_only_the_lifecycle_moves_a_stream():
    assert rules.stream_writes(ROOT / rules.LIFECYCLE)  # the check itself sees the writes it looks for
    assert not rules.stream_writers(ROOT)


def test_no_import_cycle_under_dashboard():
    cycle = rules.import_cycle(ROOT)
    assert cycle is None, " -> ".join(cycle)


@pytest.mark.parametrize("folder", ["dashboard", "detectors", "pages"])
def test_modules_and_functions_stay_small(folder):
    big = {str(p.relative_to(ROOT)): n for p in _modules(folder) if (n := len(p.read_text().splitlines())) > 400}
    long = {f"{p.relative_to(ROOT)}:{node.name}": node.end_lineno - node.lineno + 1 for p in _modules(folder)
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 40}
    assert not big and not long, (big, long)


def test_pages_and_the_ui_compare_codes_as_members():
    """`view.state == StreamState.SHUT_DOWN`, never `== "shut_down"`: a renamed code then fails at import."""
    assert len(vocabulary_codes()) > 100
    assert not rules.code_literals(ROOT, vocabulary_codes())
