"""Retention commands: purge expired personal data, legal holds, and case files for legal requests."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dashboard.cli.common import app, current_settings, unit, write_atomically

hold_app = typer.Typer(help="Legal holds: keep a stream's evidence past retention (place, release, list).",
                       no_args_is_help=True)
app.add_typer(hold_app, name="hold")


@app.command()
def purge() -> None:
    """Delete evidence frames, rejected intake lines and login sessions past their retention (audited)."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.retention import purge as run_purge

    with unit() as session:
        summary = run_purge(session, actor=SYSTEM, settings=current_settings())
    typer.echo(f"Purged {summary.evidence_frames} evidence frame(s) of {summary.scans} scan(s), "
               f"{summary.intake_rejections} rejected intake line(s), {summary.login_sessions} login session(s); "
               f"{summary.held_streams} stream(s) on legal hold kept.")
    if summary.failed_files:
        typer.secho(f"{summary.failed_files} evidence file(s) could not be deleted; they are tried again next run.",
                    fg=typer.colors.YELLOW, err=True)
        raise typer.Exit(code=1)


@hold_app.command("place")
def hold_place(
    reason: Annotated[str, typer.Option(help="The request or case the hold answers.")],
    stream: Annotated[str | None, typer.Option(help="Stream id as shown (e.g. stream-0042).")] = None,
    report: Annotated[str | None, typer.Option(help="Report id as shown; holds its stream's evidence.")] = None,
) -> None:
    """Place a legal hold on a stream or on one report about it."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.desk import report_by_ref
    from dashboard.services.retention import place_hold
    from dashboard.services.streams import stream_by_ref

    if (stream is None) == (report is None):
        raise typer.BadParameter("give exactly one of --stream and --report")
    with unit() as session:
        target = ({"stream_id": stream_by_ref(session, ref=stream).id} if stream is not None
                  else {"report_id": report_by_ref(session, ref=report).id})
        hold = place_hold(session, actor=SYSTEM, reason=reason, **target)
        typer.echo(f"Legal hold {hold.id} placed on {hold.stream.external_id}.")


@hold_app.command("release")
def hold_release(hold_id: int, reason: Annotated[str, typer.Option(help="Why the hold ends.")]) -> None:
    """Release a legal hold; the stream's evidence follows the retention rules again."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.retention import release_hold

    with unit() as session:
        release_hold(session, actor=SYSTEM, hold_id=hold_id, reason=reason)
    typer.echo(f"Legal hold {hold_id} released.")


@hold_app.command("list")
def hold_list() -> None:
    """The active legal holds."""
    from dashboard.services.retention import active_holds

    with unit() as session:
        holds = active_holds(session)
    for h in holds:
        typer.echo(f"{h.hold_id}\t{h.stream}\t{h.report or '-'}\t{h.placed_at:%Y-%m-%d}\t{h.placed_by}\t{h.reason}")
    if not holds:
        typer.echo("No active legal holds.")


@app.command("case-file")
def case_file_command(
    stream: Annotated[str, typer.Argument(help="Stream id as shown (e.g. stream-0042).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The zip to write.", dir_okay=False)],
    reason: Annotated[str, typer.Option(help="The legal request this export answers.")],
) -> None:
    """Export a stream's full case file (reports, decisions, audit events, evidence frames) as a zip."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.retention import case_file
    from dashboard.services.streams import stream_by_ref

    settings = current_settings()
    with unit() as session:
        data = case_file(session, actor=SYSTEM, stream_id=stream_by_ref(session, ref=stream).id,
                         data_dir=settings.data_dir, reason=reason)
        write_atomically(out, data)
    typer.echo(f"Wrote {out} ({len(data) / 1e6:.1f} MB).")
