"""Command-line entry: python -m dashboard COMMAND (operators, cron, CI); the commands call services, as pages do."""
from __future__ import annotations

import sys

import typer

from dashboard.cli import admin, data, scan  # noqa: F401  (each module registers its commands on the app)
from dashboard.cli.common import app
from dashboard.errors import ConsoleError

__all__ = ["app", "main"]


def main() -> None:
    """Run the CLI, turning configuration errors into a clear message."""
    try:
        app()
    except ConsoleError as error:
        typer.secho(f"{error.title}: {error}", fg=typer.colors.RED, err=True)
        sys.exit(2)
