"""Write README's settings table from the documented settings (dashboard/config_sections.py).

    .venv/bin/python scripts/settings_table.py

tests/dashboard/test_config.py fails while README's table and the settings differ.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.config import ENV_PREFIX  # noqa: E402
from dashboard.config_sections import markdown_table  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- settings table: scripts/settings_table.py -->\n", "<!-- end of settings table -->\n"


def with_table(readme: str) -> str:
    """README's text with the table between its markers written anew."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + START + markdown_table(ENV_PREFIX) + END + tail


if __name__ == "__main__":
    README.write_text(with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
