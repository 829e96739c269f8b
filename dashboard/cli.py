"""Command-line entry: python -m dashboard COMMAND (operators, cron, CI)."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from dashboard.config import Settings, get_settings
from dashboard.enums import Role
from dashboard.db.session import engine_for, unit_of_work
from dashboard.errors import ConsoleError

app = typer.Typer(help="Moderation and compliance console for live camera streams.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


def _settings() -> Settings:
    return get_settings()


def _fail(error: ConsoleError) -> None:
    typer.secho(f"{error.title}: {error}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@contextmanager
def _reported() -> Iterator[None]:
    """Console errors end the command with their message and exit code 2, not a traceback."""
    try:
        yield
    except ConsoleError as error:
        _fail(error)


@contextmanager
def _session() -> Iterator[Session]:
    """A unit of work on the configured database, with errors reported as above."""
    with _reported(), unit_of_work(engine_for(_settings().sqlalchemy_url)) as session:
        yield session


@app.command()
def migrate(revision: str = "head") -> None:
    """Upgrade the database schema (Alembic) to a revision."""
    from dashboard.db.migrate import upgrade

    settings = _settings()
    upgrade(engine_for(settings.sqlalchemy_url), revision)
    typer.echo(f"Database at {settings.sqlalchemy_url} migrated to {revision}.")


@app.command()
def seed(
    streams: Annotated[int, typer.Option(min=10, help="Number of streams to generate.")] = 3000,
    seed_value: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 20261121,
    if_empty: Annotated[bool, typer.Option(help="Do nothing if the database already has streams.")] = False,
) -> None:
    """Load the deterministic demo data set and print the demo accounts."""
    from sqlalchemy import func, select

    from dashboard.db.models import Stream
    from dashboard.services.demo import DEMO_ACCOUNTS, DEMO_CAMPUS_PASSWORD, seed_demo

    settings = _settings()
    with _session() as session:
        if if_empty and session.scalar(select(func.count(Stream.id))):
            typer.echo("Demo data already present; nothing loaded.")
        else:
            summary = seed_demo(session, settings=settings, streams=streams, seed=seed_value)
            typer.echo("Loaded demo data: " + ", ".join(f"{k}={v}" for k, v in summary.counts.items()))
    typer.echo("Demo accounts (username / password / role):")
    for username, _, role, password in DEMO_ACCOUNTS:
        typer.echo(f"  {username:<6} {password:<20} {role.value}")
    typer.echo(f"Demo campus viewing password: {DEMO_CAMPUS_PASSWORD}")


@app.command("create-user")
def create_user(
    username: str,
    role: Annotated[Role, typer.Option(case_sensitive=False)],
    display_name: Annotated[str, typer.Option()] = "",
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)] = "",
) -> None:
    """Create a console user (the password is asked for and never echoed)."""
    from dashboard.services.permissions import SYSTEM
    from dashboard.services.users import create_user as create

    with _session() as session:
        user = create(session, actor=SYSTEM, username=username, display_name=display_name or username,
                      role=role, password=password)
        typer.echo(f"Created {user.username} ({user.role.value}).")


@app.command("import")
def import_file(
    kind: Annotated[str, typer.Argument(help="streams or reports")],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import streams or reports from CSV or JSON lines; all or nothing, idempotent on external_id."""
    from dashboard.services import importer
    from dashboard.services.permissions import SYSTEM

    if kind not in ("streams", "reports"):
        _fail(ConsoleError(f"Unknown kind {kind!r}; use streams or reports."))
    settings = _settings()
    with _reported():
        text = importer.decode(path.read_bytes(), settings=settings)
    fmt = importer.detect_format(path.name, text)
    with _session() as session:
        if kind == "streams":
            summary = importer.import_streams(session, actor=SYSTEM, text=text, fmt=fmt)
        else:
            summary = importer.import_reports(session, actor=SYSTEM, text=text, fmt=fmt, settings=settings)
    typer.echo(f"Imported {summary.created} {kind}; {len(summary.skipped_existing)} already present (skipped).")


@app.command("import-reports")
def import_reports(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]) -> None:
    """Take in user reports (CSV or JSON lines): valid ones are kept, bad ones go to the rejected list."""
    from dashboard.services.intake import intake_file
    from dashboard.services.permissions import SYSTEM

    settings = _settings()
    with _session() as session:
        summary = intake_file(session, actor=SYSTEM, path=path, settings=settings)
    typer.echo(f"{summary.created} report(s) taken in, {summary.skipped_existing} already known, "
               f"{len(summary.rejected)} rejected.")
    for line, reason in summary.rejected:
        typer.echo(f"  rejected line {line}: {reason}", err=True)


@app.command("campus-check")
def campus_check(
    stream_id: int,
    password: Annotated[str, typer.Option(prompt="Viewing password", hide_input=True)] = "",
) -> None:
    """Try a parent's viewing password for a campus stream (attempts are counted; repeated failures lock)."""
    from dashboard.services.campus import check_parent_password

    with _session() as session:
        result = check_parent_password(session, stream_id=stream_id, password=password, settings=_settings())
    typer.echo(result.message)
    if not result.allowed:
        raise typer.Exit(code=1)


@app.command()
def export(
    kind: Annotated[str, typer.Argument(help="streams, reports or audit")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write; '-' for standard output.")] = Path("-"),
    fmt: Annotated[str, typer.Option("--format")] = "csv",
) -> None:
    """Export streams, reports or the audit log."""
    from dashboard.services.exports import export as run_export
    from dashboard.services.permissions import SYSTEM

    if kind not in ("streams", "reports", "audit"):
        _fail(ConsoleError(f"Unknown kind {kind!r}; use streams, reports or audit."))
    with _session() as session:
        text = run_export(session, actor=SYSTEM, kind=kind, fmt=fmt)
    if str(out) == "-":
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {out}.", err=True)


from dashboard import cli_scan  # noqa: E402,F401  (registers scan, anonymize, worker)


def main() -> None:
    """Run the CLI, turning configuration errors into a clear message."""
    try:
        app()
    except ConsoleError as error:
        typer.secho(f"{error.title}: {error}", fg=typer.colors.RED, err=True)
        sys.exit(2)
