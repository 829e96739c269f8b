"""scripts/settings_table.py: README's settings table is the settings' own documentation, written out."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from dashboard.config import Settings

ROOT = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location("settings_table", ROOT / "scripts" / "settings_table.py")
settings_table = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(settings_table)


def test_the_readme_table_is_written_from_the_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table.with_table(readme) == readme, "run .venv/bin/python scripts/settings_table.py"
    assert all(f"| `CONSOLE_{name.upper()}` |" in readme for name in Settings.model_fields)


def test_a_changed_description_shows_as_a_stale_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = readme.replace("Upload and import size limit.", "Upload limit.")
    assert settings_table.with_table(stale) == readme
