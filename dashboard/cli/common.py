"""What every command shares: the Typer app, the settings, and one way to turn errors into messages."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from contextlib import AbstractContextManager, contextmanager

import typer
from sqlalchemy.orm import Session

from dashboard.config import Settings, get_settings
from dashboard.db.session import engine_for, unit_of_work
from dashboard.errors import ConsoleError, InvalidInput

app = typer.Typer(help="Moderation and compliance console for live camera streams.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


def current_settings() -> Settings:
    """The process-wide settings."""
    return get_settings()


def fail(error: ConsoleError) -> None:
    """End the command with the error's message and exit code 2."""
    typer.secho(f"{error.title}: {error}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@contextmanager
def reported() -> Iterator[None]:
    """Console errors end the command with their message and exit code 2, not a traceback."""
    try:
        yield
    except ConsoleError as error:
        fail(error)


@contextmanager
def unit() -> Iterator[Session]:
    """A unit of work on the configured database, with errors reported as above."""
    with reported(), unit_of_work(engine_for(current_settings().sqlalchemy_url)) as active:
        yield active


def units(config: Settings) -> Callable[[], AbstractContextManager[Session]]:
    """A factory of units of work, for services that commit in several steps (scans)."""
    engine = engine_for(config.sqlalchemy_url)
    return lambda: unit_of_work(engine)


def write_atomically(target: Path, data: bytes) -> None:
    """Write a file whole or not at all (a partial file, then a rename); a failure is a clear message."""
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput("Cannot write {target}: {problem}.",
                           target=target, problem=error.strerror or error) from error
