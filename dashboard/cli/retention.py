"""Retention commands: purge expired personal data, legal holds, and case files for legal requests."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dashboard.cli.common import _, app, current_settings, unit, write_atomically

hold_app = typer.Typer(help=_("Legal holds: keep a stream's evidence past retention (place, release, list)."),
                       no_args_is_help=True)
app.add_typer(hold_app, name="hold")


@app.command(help=_("Delete evidence frames, rejected intake lines and login sessions past their retention "
                    "(audited)."))
def purge() -> None:
    """Purge expired personal data."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.retention.expiry import purge as run_purge

    with unit() as session:
        summary = run_purge(session, actor=SYSTEM, settings=current_settings())
    typer.echo(_("Purged {frames} evidence frame(s) of {scans} scan(s), {lines} rejected intake line(s), {sessions} "
                 "login session(s); {held} stream(s) on legal hold kept.", frames=summary.evidence_frames,
                 scans=summary.scans, lines=summary.intake_rejections, sessions=summary.login_sessions,
                 held=summary.held_streams))
    if summary.failed_files:
        typer.secho(_("{count} evidence file(s) could not be deleted; they are tried again next run.",
                      count=summary.failed_files), fg=typer.colors.YELLOW, err=True)
        raise typer.Exit(code=1)


@hold_app.command("place", help=_("Place a legal hold on a stream or on one report about it."))
def hold_place(
    reason: Annotated[str, typer.Option(help=_("The request or case the hold answers."))],
    stream: Annotated[str | None, typer.Option(help=_("Stream id as shown (e.g. {example}).",
                                                      example="str-000042"))] = None,
    report: Annotated[str | None, typer.Option(help=_("Report id as shown; holds its stream's evidence."))] = None,
) -> None:
    """Place a legal hold."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.desk.reports import report_by_ref
    from dashboard.services.retention.holds import place_hold
    from dashboard.services.streams.moderation import stream_by_ref

    if (stream is None) == (report is None):
        raise typer.BadParameter(_("give exactly one of --stream and --report"))
    with unit() as session:
        target = ({"stream_id": stream_by_ref(session, ref=stream).id} if stream is not None
                  else {"report_id": report_by_ref(session, ref=report).id})
        hold = place_hold(session, actor=SYSTEM, reason=reason, **target)
        typer.echo(_("Legal hold {hold} placed on {stream}.", hold=hold.id, stream=hold.stream.external_id))


@hold_app.command("release", help=_("Release a legal hold; the stream's evidence follows the retention rules again."))
def hold_release(hold_id: int, reason: Annotated[str, typer.Option(help=_("Why the hold ends."))]) -> None:
    """Release a legal hold."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.retention.holds import release_hold

    with unit() as session:
        release_hold(session, actor=SYSTEM, hold_id=hold_id, reason=reason)
    typer.echo(_("Legal hold {hold} released.", hold=hold_id))


@hold_app.command("list", help=_("The active legal holds."))
def hold_list() -> None:
    """List the active legal holds."""
    from dashboard.services.retention.holds import active_holds

    with unit() as session:
        holds = active_holds(session)
    for h in holds:
        typer.echo(f"{h.hold_id}\t{h.stream}\t{h.report or '-'}\t{h.placed_at:%Y-%m-%d}\t{h.placed_by}\t{h.reason}")
    if not holds:
        typer.echo(_("No active legal holds."))


@app.command("case-file", help=_("Export a stream's full case file (reports, decisions, audit events, evidence "
                                 "frames) as a zip."))
def case_file_command(
    stream: Annotated[str, typer.Argument(help=_("Stream id as shown (e.g. {example}).", example="str-000042"))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_("The zip to write."), dir_okay=False)],
    reason: Annotated[str, typer.Option(help=_("The legal request this export answers."))],
) -> None:
    """Export a stream's case file."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.retention.case_files import case_file
    from dashboard.services.streams.moderation import stream_by_ref

    settings = current_settings()
    with unit() as session:
        data = case_file(session, actor=SYSTEM, stream_id=stream_by_ref(session, ref=stream).id,
                         data_dir=settings.data_dir, reason=reason)
        write_atomically(out, data)
    typer.echo(_("Wrote {file} ({size:.1f} MB).", file=out, size=len(data) / 1e6))
