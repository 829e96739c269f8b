"""Extract the console's texts into dashboard/locale/console.pot and bring every language's .po up to date.

    .venv/bin/python scripts/messages.py

New texts arrive untranslated (the catalogue test then names them); texts the code no longer says are dropped.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.messages import SOURCES, keywords  # noqa: E402

LOCALE_DIR = ROOT / "dashboard" / "locale"


def template() -> Catalog:
    """Every marked text of the code, in one catalogue."""
    catalog = Catalog(project="camera-moderation-console", charset="utf-8")
    for _, _, message, _, _ in extract_from_dir(str(ROOT), SOURCES, keywords=keywords()):
        if isinstance(message, str) and message:
            catalog.add(message)
    return catalog


def main() -> None:
    pot = template()
    with (LOCALE_DIR / "console.pot").open("wb") as out:
        write_po(out, pot, omit_header=True, sort_output=True)
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/console.po")):
        with po_path.open("rb") as source:
            catalog = read_po(source, locale=po_path.parts[-3])
        catalog.update(pot, no_fuzzy_matching=True)
        with po_path.open("wb") as out:
            write_po(out, catalog, ignore_obsolete=True, sort_output=True, include_previous=False)
        untranslated = sum(1 for m in catalog if m.id and not m.string)
        print(f"{po_path.relative_to(ROOT)}: {len(catalog)} texts, {untranslated} untranslated")


if __name__ == "__main__":
    main()
