"""What a local path may be before anything opens it: inputs are regular files or folders, outputs regular files
or new paths. A FIFO given as input blocked a read forever; a device given as output was overwritten."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from detectors.errors import SourceError

SPECIAL = "a FIFO, device or socket"


def check_input(path: Path, *, folders: bool = True) -> None:
    """Refuse a missing path, or one that is not a regular file (or folder), before it is opened."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise SourceError(str(path), "file or folder not found") from None
    except OSError as error:
        raise SourceError(str(path), f"cannot be read ({error.strerror})") from None
    if stat.S_ISREG(mode) or (folders and stat.S_ISDIR(mode)):
        return
    kind = "a folder" if stat.S_ISDIR(mode) else SPECIAL
    raise SourceError(str(path), f"is {kind}, not a regular file; refused without reading it")


def check_output(target: Path) -> None:
    """Refuse an output path that exists and is not a regular file (a folder, FIFO, device or socket)."""
    if target.exists() and not target.is_file():
        raise SourceError(str(target), "exists and is not a regular file (a folder, FIFO or device)")
