"""Files the database points at (evidence frames, sticker photos): only ever inside CONSOLE_DATA_DIR.

A row is data: one that names a file elsewhere (a restored backup from another machine, a tampered row) must not
make the console read, zip or delete that file. Such a path is logged and skipped.
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def stored_file(data_dir: Path, stored: str | None) -> Path | None:
    """The resolved path of a stored file if it lies under data_dir (whether or not it exists), else None."""
    if not stored:
        return None
    root = data_dir.resolve()
    path = (Path(stored) if Path(stored).is_absolute() else root / stored).resolve()
    if path == root or root not in path.parents:
        log.warning("a stored file path lies outside CONSOLE_DATA_DIR (%s) and was skipped: %s", root, stored)
        return None
    return path
