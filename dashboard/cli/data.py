"""Data commands: import streams and reports, take in the report button's files, export, try campus access."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dashboard.cli.common import _, app, current_settings, fail, reported, unit, units, write_atomically
from dashboard.errors import ConsoleError


@app.command("import", help=_("Import streams or reports from CSV or JSON lines; all or nothing, idempotent on "
                              "external_id."))
def import_file(
    kind: Annotated[str, typer.Argument(help=_("streams or reports"))],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import streams or reports."""
    from dashboard.services.data import importer
    from dashboard.services.tables import records
    from dashboard.services.access.permissions import SYSTEM

    if kind not in ("streams", "reports"):
        fail(ConsoleError("Unknown kind {kind!r}; use streams or reports.", kind=kind))
    settings = current_settings()
    with reported():
        text = records.decode(path.read_bytes(), settings=settings)
    fmt = records.detect_format(path.name, text)
    with unit() as session:
        if kind == "streams":
            summary = importer.import_streams(session, actor=SYSTEM, text=text, fmt=fmt)
        else:
            summary = importer.import_reports(session, actor=SYSTEM, text=text, fmt=fmt, settings=settings)
    typer.echo(_("Imported {count} {kind}; {known} already present (skipped).", count=summary.created, kind=kind,
                 known=len(summary.skipped_existing)))


@app.command("import-reports", help=_("Take in user reports (CSV or JSON lines): valid ones are kept, bad ones go to "
                                      "the rejected list."))
def import_reports(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]) -> None:
    """Take in user reports."""
    from dashboard.services.desk.intake import intake_file
    from dashboard.services.access.permissions import SYSTEM

    settings = current_settings()
    with unit() as session:
        summary = intake_file(session, actor=SYSTEM, path=path, settings=settings)
    typer.echo(_("{count} report(s) taken in, {known} already known, {rejected} rejected.", count=summary.created,
                 known=summary.skipped_existing, rejected=len(summary.rejected)))
    for line, reason in summary.rejected:
        typer.echo("  " + _("rejected line {line}: {reason}", line=line, reason=_(reason)), err=True)


@app.command("import-appeals", help=_("Take in owners' appeals (CSV or JSON lines: external_id, notice_id, text, "
                                      "received_at): valid ones join the appeals queue, bad ones the rejected list."))
def import_appeals(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]) -> None:
    """Take in appeals."""
    from dashboard.services.appeals.intake import intake_any_file
    from dashboard.services.access.permissions import SYSTEM

    settings = current_settings()
    with unit() as session:
        summary = intake_any_file(session, actor=SYSTEM, path=path, settings=settings, appeals=True)
    typer.echo(_("{count} appeal(s) taken in, {known} already known, {rejected} rejected.", count=summary.created,
                 known=summary.skipped_existing, rejected=len(summary.rejected)))
    for line, reason in summary.rejected:
        typer.echo("  " + _("rejected line {line}: {reason}", line=line, reason=_(reason)), err=True)


@app.command("deliver-notices", help=_("Send the owner notices that are due (the worker does this on every pass)."))
def deliver_notices() -> None:
    """Deliver due owner notices once."""
    from dashboard.services.streams.outbox import deliver_due

    settings = current_settings()
    run = deliver_due(units(settings), settings=settings)
    typer.echo(_("notices: {delivered} delivered, {retrying} to retry, {failed} refused",
                 delivered=run.delivered, retrying=run.retrying, failed=run.failed))


@app.command("campus-check", help=_("Try a parent's viewing password for a campus stream (attempts are counted; "
                                    "repeated failures lock)."))
def campus_check(
    stream_id: int,
    password: Annotated[str, typer.Option(prompt=_("Viewing password"), hide_input=True)] = "",
) -> None:
    """Try a parent's viewing password."""
    from dashboard.services.compliance.campus import check_parent_password

    with unit() as session:
        result = check_parent_password(session, stream_id=stream_id, password=password, settings=current_settings())
    typer.echo(_(result.message, minutes=result.minutes))
    if not result.allowed:
        raise typer.Exit(code=1)


@app.command(help=_("Export streams, reports or the audit log."))
def export(
    kind: Annotated[str, typer.Argument(help=_("streams, reports or audit"))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_("File to write; '-' for standard output."))] = Path("-"),
    fmt: Annotated[str, typer.Option("--format")] = "csv",
) -> None:
    """Export a table."""
    from dashboard.services.data.exports import export as run_export
    from dashboard.services.access.permissions import SYSTEM

    if kind not in ("streams", "reports", "audit"):
        fail(ConsoleError("Unknown kind {kind!r}; use streams, reports or audit.", kind=kind))
    with unit() as session:
        text = run_export(session, actor=SYSTEM, kind=kind, fmt=fmt)
    if str(out) == "-":
        sys.stdout.write(text)
    else:
        with reported():
            write_atomically(out, text.encode("utf-8"))
        typer.echo(_("Wrote {file}.", file=out), err=True)


@app.command(help=_("Write the month's transparency report: decisions by ground and source, automated or by a person, "
                    "time to decision, appeals and overturns (a CSV and a one-page PDF in Chinese and English)."))
def transparency(
    month: Annotated[str, typer.Option(help=_("The month, YYYY-MM (Beijing time)."))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_("Folder to write the two files to."))] = Path("."),
) -> None:
    """Write the transparency report of one month."""
    from dashboard.services.wind_down.transparency import transparency as figures
    from dashboard.services.wind_down.transparency import transparency_csv, transparency_pdf

    with unit() as session:
        report = figures(session, month=month)
    with reported():
        write_atomically(out / f"transparency-{report.month}.csv", transparency_csv(report).encode("utf-8"))
        write_atomically(out / f"transparency-{report.month}.pdf", transparency_pdf(report))
    typer.echo(_("Wrote {file}.", file=out / f"transparency-{report.month}.csv"))
    typer.echo(_("Wrote {file}.", file=out / f"transparency-{report.month}.pdf"))
