"""Command-line entry: python -m dashboard COMMAND (operators, cron, CI); the commands call services, as pages do."""
from __future__ import annotations

import sys

import typer

from dashboard.cli import admin, data, retention, scan, scaleout  # noqa: F401  (each module registers its commands on the app)
from dashboard.cli.common import _, app, current_settings, say_error
from dashboard.errors import ConsoleError
from dashboard.incidents import log_to_file, record_incident

__all__ = ["app", "main"]


def main() -> None:
    """Run the CLI: console errors end with their message (exit 2), anything else with a reference id (exit 1)."""
    log_file = _log_file()
    try:
        app()
    except ConsoleError as error:
        say_error(error)
        sys.exit(2)
    except Exception as error:  # noqa: BLE001  (the CLI's one boundary for unexpected errors)
        incident = record_incident(error)
        where = _("; the traceback is in {file}", file=log_file) if log_file else ""
        typer.secho(_("{title}: {message} (reference {reference})", title=_(incident.title),
                      message=_(incident.message), reference=incident.reference) + f"\n{incident.detail}{where}",
                    fg=typer.colors.RED, err=True)
        sys.exit(1)


def _log_file() -> object:
    try:  # help and settings errors must work without settings; the command itself reports a ConfigError
        return log_to_file(current_settings().data_dir)
    except ConsoleError:
        return None
