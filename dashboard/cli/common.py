"""What every command shares: the Typer app, the settings, and one way to turn errors into messages."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from contextlib import AbstractContextManager, contextmanager
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from dashboard.config import Settings, get_settings
from dashboard.languages import CODES as LANGUAGES
from dashboard.db.session import engine_for, unit_of_work
from dashboard.errors import ConsoleError, InvalidInput
from dashboard.i18n import error_text, translate


def _language(argv: list[str]) -> str:
    """--lang from the command line, else CONSOLE_LANGUAGE, else the default; read before the commands are defined
    so that their help is in that language (settings may not load yet: help must still work)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("CONSOLE_LANGUAGE", LANGUAGES[0])


HELP_LANGUAGE = _language(sys.argv[1:])
_chosen = {"language": HELP_LANGUAGE}


def language() -> str:
    """The operator's language for messages (--lang, else CONSOLE_LANGUAGE)."""
    return _chosen["language"]


def _(message: str, /, **params: object) -> str:
    """A CLI message or help text in the operator's language."""
    return translate(language(), message, **params)


app = typer.Typer(help=_("Moderation and compliance console for live camera streams."), no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def _options(lang: Annotated[str | None, typer.Option(
        "--lang", help=_("Language of messages and help: {languages} (default: CONSOLE_LANGUAGE, else {default}).",
                                languages=" | ".join(LANGUAGES), default=LANGUAGES[0]),
        show_default=False)] = None) -> None:
    chosen = lang or _language([])  # no --lang: CONSOLE_LANGUAGE as it is now (tests set it late)
    if chosen not in LANGUAGES:
        _chosen["language"] = LANGUAGES[0] if HELP_LANGUAGE not in LANGUAGES else HELP_LANGUAGE
        raise typer.BadParameter(_("use one of: {languages}", languages=", ".join(LANGUAGES)),
                                 param_hint="--lang" if lang else "CONSOLE_LANGUAGE")
    _chosen["language"] = chosen


def say_error(error: ConsoleError) -> None:
    """A console error on standard error, in the operator's language."""
    typer.secho(f"{_(error.title)}: {error_text(language(), error)}", fg=typer.colors.RED, err=True)


def current_settings() -> Settings:
    """The process-wide settings."""
    return get_settings()


def fail(error: ConsoleError) -> None:
    """End the command with the error's message and exit code 2."""
    say_error(error)
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
    if target.exists() and not target.is_file():
        raise InvalidInput("{target} exists and is not a regular file (a folder, FIFO or device); nothing was "
                           "written.", target=target)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput("Cannot write {target}: {problem}.",
                           target=target, problem=error.strerror or error) from error
