"""Each architecture rule catches its kind: a copy of the tree with one violation planted must fail the rule
(the kinds a review planted on a copy and the old checks missed among them)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.architecture import rules

ROOT = Path(__file__).resolve().parents[2]
CODES = {"shut_down", "open", "escalated", "public", "valid"}


@pytest.fixture(scope="module")
def clean_tree(tmp_path_factory) -> Path:
    """The project's Python sources, copied."""
    copy = tmp_path_factory.mktemp("tree")
    for folder in ("dashboard", "pages", "detectors", "scripts"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    return copy


@pytest.fixture
def tree(clean_tree, tmp_path) -> Path:
    copy = tmp_path / "tree"
    shutil.copytree(clean_tree, copy)
    return copy


def _plant(tree: Path, relative: str, code: str) -> None:
    path = tree / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code, encoding="utf-8")


def test_the_clean_copy_passes_every_rule(clean_tree):
    assert (rules.layer_offences(clean_tree), rules.stream_writers(clean_tree), rules.import_cycle(clean_tree),
            rules.domain_offences(clean_tree), rules.code_literals(clean_tree, CODES)) == ([], {}, None, [], [])


@pytest.mark.parametrize(("relative", "code"), [
    ("dashboard/services/desk/planted.py", "from dashboard.cli.common import unit\n"),       # services -> cli
    ("dashboard/ui/planted.py", "from dashboard.cli import common\n"),                       # ui -> cli
    ("dashboard/services/desk/planted.py", "import importlib\nui = importlib.import_module('dashboard.ui.auth')\n"),
    ("dashboard/services/desk/planted.py", "ui = __import__('streamlit')\n"),
    ("scripts/planted.py", "from dashboard.ui.i18n import t\n"),                              # scripts -> ui
    ("dashboard/db/planted.py", "from ..services.desk import decisions\n"),                   # relative, upwards
    ("pages/planted.py", "from dashboard.cli.data import export\n"),
])
def test_an_upward_import_is_caught_however_it_is_written(tree, relative, code):
    _plant(tree, relative, code)
    assert any(relative in offence for offence in rules.layer_offences(tree))


@pytest.mark.parametrize(("relative", "code"), [
    ("dashboard/services/streams/planted.py", "from dashboard.services.desk.reports import new_report\n"),  # up
    ("dashboard/services/compliance/planted.py", "def f():\n    from dashboard.services.scanning import runs\n"),
    ("dashboard/services/desk/planted.py", "from dashboard.services import compliance\nx = compliance.revoke\n"),
    ("dashboard/services/access/planted.py", "from ..data import importer\n"),                   # relative
    ("dashboard/services/newdomain/__init__.py", '"""A domain nobody placed."""\n'),
])
def test_a_domain_calling_up_or_sideways_is_caught(tree, relative, code):
    _plant(tree, relative, code)
    assert rules.domain_offences(tree)


@pytest.mark.parametrize("code", [
    "def f(stream):\n    stream.state = 'live'\n",
    "def f(stream):\n    setattr(stream, 'visibility', 'public')\n",
    "import sqlalchemy as sa\nfrom dashboard.db.models import Stream\nq = sa.update(Stream).values(state='live')\n",
    "from sqlalchemy import text\nq = text('UPDATE streams SET visibility = :v WHERE id = :i')\n",
    "def f(stream):\n    stream.state, stream.visibility = 'live', 'public'\n",
])
def test_a_stream_moved_outside_the_lifecycle_is_caught(tree, code):
    _plant(tree, "dashboard/services/desk/planted.py", code)
    assert "dashboard/services/desk/planted.py" in rules.stream_writers(tree)


@pytest.mark.parametrize("files", [
    # through a module imported from its package, used inside a function (a circle Python hides until run time)
    {"dashboard/services/desk/planted.py": "from dashboard.services.streams import moderation\n\n\ndef f():\n"
                                           "    return moderation.take_down\n",
     "dashboard/services/streams/moderation.py": "from dashboard.services.desk import planted\n"},
    # through relative imports
    {"dashboard/services/desk/planted.py": "from . import planted_two\n",
     "dashboard/services/desk/planted_two.py": "from .planted import f\n"},
], ids=["module", "relative"])
def test_an_import_cycle_is_caught_through_a_package_or_a_relative_import(tree, files):
    for relative, code in files.items():
        path = tree / relative
        _plant(tree, relative, code + (path.read_text(encoding="utf-8") if path.exists() else ""))
    assert rules.import_cycle(tree) is not None


@pytest.mark.parametrize(("relative", "code"), [
    ("pages/planted.py", "def f(view):\n    return view.facts['state'] != 'shut_down'\n"),
    ("pages/planted.py", "def f(outcome):\n    return 'valid' == outcome.value\n"),
    ("dashboard/ui/planted.py", "def f(current):\n    return current.status in ('open', 'escalated')\n"),
    ("dashboard/ui/planted.py", "def f(frame):\n    return frame[frame['visibility'] == 'public']\n"),
])
def test_a_code_compared_as_a_string_is_caught(tree, relative, code):
    _plant(tree, relative, code)
    assert any(relative in offence for offence in rules.code_literals(tree, CODES))


def test_a_key_looked_up_by_name_is_not_a_code(tree):
    _plant(tree, "pages/planted.py", "def f(link):\n    return 'open' in link\n")
    assert rules.code_literals(tree, CODES) == []
