"""Data commands: import streams and reports, take in the report button's files, export, try campus access."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dashboard.cli.common import app, current_settings, fail, reported, unit
from dashboard.errors import ConsoleError


@app.command("import")
def import_file(
    kind: Annotated[str, typer.Argument(help="streams or reports")],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import streams or reports from CSV or JSON lines; all or nothing, idempotent on external_id."""
    from dashboard.services.data import importer
    from dashboard.services.access.permissions import SYSTEM

    if kind not in ("streams", "reports"):
        fail(ConsoleError(f"Unknown kind {kind!r}; use streams or reports."))
    settings = current_settings()
    with reported():
        text = importer.decode(path.read_bytes(), settings=settings)
    fmt = importer.detect_format(path.name, text)
    with unit() as session:
        if kind == "streams":
            summary = importer.import_streams(session, actor=SYSTEM, text=text, fmt=fmt)
        else:
            summary = importer.import_reports(session, actor=SYSTEM, text=text, fmt=fmt, settings=settings)
    typer.echo(f"Imported {summary.created} {kind}; {len(summary.skipped_existing)} already present (skipped).")


@app.command("import-reports")
def import_reports(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]) -> None:
    """Take in user reports (CSV or JSON lines): valid ones are kept, bad ones go to the rejected list."""
    from dashboard.services.desk.intake import intake_file
    from dashboard.services.access.permissions import SYSTEM

    settings = current_settings()
    with unit() as session:
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
    from dashboard.services.compliance.campus import check_parent_password

    with unit() as session:
        result = check_parent_password(session, stream_id=stream_id, password=password, settings=current_settings())
    typer.echo(result.text)
    if not result.allowed:
        raise typer.Exit(code=1)


@app.command()
def export(
    kind: Annotated[str, typer.Argument(help="streams, reports or audit")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write; '-' for standard output.")] = Path("-"),
    fmt: Annotated[str, typer.Option("--format")] = "csv",
) -> None:
    """Export streams, reports or the audit log."""
    from dashboard.services.data.exports import export as run_export
    from dashboard.services.access.permissions import SYSTEM

    if kind not in ("streams", "reports", "audit"):
        fail(ConsoleError(f"Unknown kind {kind!r}; use streams, reports or audit."))
    with unit() as session:
        text = run_export(session, actor=SYSTEM, kind=kind, fmt=fmt)
    if str(out) == "-":
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {out}.", err=True)
