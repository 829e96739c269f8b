"""Unexpected errors: logged once with a reference id and their traceback, shown to people as a short message."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

log = logging.getLogger("dashboard.incidents")


@dataclass(frozen=True)
class Incident:
    """What a person sees of an unexpected error: a title, a sentence, and the reference to quote to support."""

    reference: str
    title: str
    message: str
    detail: str  # the driver's or OS's own first line, for operators (CLI); never shown in the browser

    def __str__(self) -> str:
        return f"{self.title}: {self.message} (reference {self.reference})"


def _describe(error: BaseException) -> tuple[str, str, str]:
    if isinstance(error, (OperationalError, InterfaceError)):
        return ("Database unavailable", "The database cannot be reached or opened right now; try again in a "
                "minute, and tell an administrator if it lasts.", _first_line(error.orig))
    if isinstance(error, DBAPIError):
        return "Database error", "The database refused the request; nothing was changed.", _first_line(error.orig)
    if isinstance(error, SQLAlchemyError):
        return "Database error", "The request could not be completed; nothing was changed.", _first_line(error)
    if isinstance(error, OSError):
        return ("File error", "A file could not be read or written (disk full, missing or read-only folder).",
                f"{error.strerror or error.__class__.__name__}: {error.filename or ''}".strip(": "))
    return "Unexpected error", "Something went wrong; nothing more was done.", error.__class__.__name__


def _first_line(value: object) -> str:
    # Only the driver's own first line: SQLAlchemy's full text carries the statement and its parameters.
    return (str(value).strip().splitlines() or [""])[0][:200]


def record_incident(error: BaseException) -> Incident:
    """Log the error with its traceback under a new reference id and return what to tell the person."""
    reference = secrets.token_hex(4).upper()
    title, message, detail = _describe(error)
    log.error("incident %s: %s (%s)", reference, title, detail, exc_info=error)
    return Incident(reference=reference, title=title, message=message, detail=detail)


def log_to_file(data_dir: Path) -> Path | None:
    """Send incident tracebacks to data_dir/logs/console.log (once per process); None if it cannot be written."""
    target = (data_dir / "logs" / "console.log").resolve()
    if any(getattr(h, "baseFilename", None) == str(target) for h in log.handlers):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(target, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log.addHandler(handler)
    log.propagate = False
    return target


def log_page_time(data_dir: Path, page: str, seconds: float) -> None:
    """One line per page run (page, seconds) for the page benchmark; a failure to write is not the page's problem."""
    try:
        target = data_dir / "logs" / "page-timings.log"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as out:
            out.write(f"{page}\t{seconds:.4f}\n")
    except OSError:
        log.warning("page timing not written to %s", data_dir)
