"""Scan, anonymise and worker commands of the CLI (registered on dashboard.cli.app)."""
from __future__ import annotations

import contextlib
import json
import signal
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from dashboard.cli.common import _, app, current_settings, fail, language, reported, units
from dashboard.config import Settings
from dashboard.errors import ConsoleError, ScanFailed
from dashboard.i18n import error_text


def _source_json(source: str, settings: Settings, evidence_dir: Path | None) -> dict[str, object]:
    from dashboard.services.scanning.scans import scan_any_source

    outcome = scan_any_source(source, settings=settings, evidence_dir=evidence_dir)
    s = outcome.score
    return {"source": source, "frames": s.frames, "people_peak": s.people_peak,
            "tracks_per_minute": s.tracks_per_minute, "frames_with_people": s.frames_with_people,
            "median_dwell_seconds": s.median_dwell_seconds, "faces": s.faces_total, "verdict": s.verdict,
            "reasons": s.reason_texts(), "detectors": outcome.detectors | {"degraded": s.degraded},
            "evidence": [str(p) for _at, p in outcome.evidence], "qr_payloads": [c.payload for _at, c in outcome.qr_codes],
            "warnings": outcome.warnings}


def _scan_ids(settings: Settings, stream: int | None, limit: int, unscanned: bool) -> list[int]:
    from dashboard.services.scanning.scans import scannable_streams

    if stream is not None:
        return [stream]
    with units(settings)() as session:
        return scannable_streams(session, limit=limit, unscanned_only=unscanned)


def _scan_registered(settings: Settings, ids: list[int]) -> None:
    from dashboard.scaleout import worker as w

    failures = 0
    with tqdm(ids, desc=_("Scanning streams"), unit="stream") as bar:
        for stream_id in bar:
            event = w.scan_one(units(settings), settings=settings, stream_id=stream_id)
            failures += isinstance(event, w.ScanRefused)
            bar.write(_said(event)[0])
    if failures:
        raise typer.Exit(code=1)


@app.command(help=_("Scan streams for public foot traffic (faces and heads blurred in all evidence)."))
def scan(
    stream: Annotated[int | None, typer.Option(help=_("Scan this registered stream."))] = None,
    scan_all: Annotated[bool, typer.Option("--all", help=_("Scan every live stream that has a source."))] = False,
    limit: Annotated[int, typer.Option(min=1)] = 1000,
    unscanned: Annotated[bool, typer.Option("--unscanned", help=_(
        "With --all: only streams never scanned (the demo setup scans its sample streams once)."))] = False,
    source: Annotated[str | None, typer.Option(help=_("Scan any file, folder or URL; no database."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("With --source: print one JSON object."))] = False,
    evidence_dir: Annotated[Path | None, typer.Option(help=_("With --source: write evidence frames here."))] = None,
) -> None:
    """Scan streams for public foot traffic."""
    settings = current_settings()
    if sum([stream is not None, scan_all, source is not None]) != 1:
        fail(ConsoleError("Give exactly one of --stream ID, --all or --source PATH_OR_URL."))
    if unscanned and not scan_all:
        fail(ConsoleError("--unscanned goes with --all."))
    with reported():
        if source is not None:
            # Model libraries print to stdout (Ultralytics' first-run settings notice): keep stdout for the JSON.
            with contextlib.redirect_stdout(sys.stderr):
                result = _source_json(source, settings, evidence_dir)
            typer.echo(json.dumps(result, indent=None if as_json else 2, default=str, ensure_ascii=False))
            return
        _scan_registered(settings, _scan_ids(settings, stream, limit, unscanned))


@app.command(help=_("Write an anonymised copy of an image or a video (faces and heads covered)."))
def anonymize(source: Path, target: Path) -> None:
    """Write an anonymised copy."""
    from dashboard.services.evidence.detectors import face_detector, person_detector
    from detectors.errors import DetectorError
    from detectors.redact import redact_file

    settings = current_settings()
    with reported():
        choice, faces = person_detector(settings), face_detector(settings)
    typer.secho(_("Person detector: {name}", name=choice.label), err=True,
                fg=typer.colors.YELLOW if choice.fallback_reason else None)
    bar = tqdm(desc=_("Anonymising"), unit="frame")

    def progress(done: int, total: int) -> None:
        bar.total = total or None
        bar.update(done - bar.n)

    try:
        frames = redact_file(source, target, persons=choice.detector, faces=faces, on_frame=progress)
    except DetectorError as error:
        fail(ScanFailed(str(error)))
    finally:
        bar.close()
    typer.echo(_("Wrote {file} ({frames} frame(s)).", file=target, frames=frames))


def _print_audit(result, sheet: Path | None) -> None:
    typer.echo(f"{'heads':<10} {'covered':>8} {'total':>6} {'share':>6} {'box':>6}")
    for key, hit, total, share, boxed in result.rows():
        shown = ['—' if v is None else f'{v:.2f}' for v in (share, boxed)]
        typer.echo(f"{key:<10} {hit:>8} {total:>6} {shown[0]:>6} {shown[1]:>6}")
    typer.echo("(covered: 80% of a head's detail pixels lost their detail in the output; box: 70% of its box inside "
               "the anonymiser's mask)")
    if result.over_blur:
        typer.echo(f"over-blur on {len(result.over_blur)} person-free image(s): mean "
                   f"{sum(result.over_blur) / len(result.over_blur):.2%} of their detail pixels, worst "
                   f"{max(result.over_blur):.2%}")
    typer.echo(f"missed heads: {len(result.missed)}" + (f" (contact sheet {sheet})" if sheet else ""))


def _audited_detectors():
    """The detectors the settings choose, named on the first line of an audit's output."""
    from dashboard.services.evidence.detectors import face_detector, person_detector

    settings = current_settings()
    with reported():
        choice, faces = person_detector(settings), face_detector(settings)
    typer.echo(_("Person detector: {name}", name=choice.label))
    return choice, faces


@app.command("audit-blur", help=_("Measure how many labelled heads the anonymiser covers, by size and view, and its "
                                  "over-blur."))
def audit_blur(
    source: Annotated[Path, typer.Argument(help="Folder of labelled images, or a video (labels name frame numbers).")],
    labels: Annotated[Path, typer.Option(help="CSV: image,x1,y1,x2,y2,view[,scale] (view: frontal|profile|back).")],
    negatives: Annotated[Path | None, typer.Option(help="Folder of person-free images for over-blur.")] = None,
    sheet: Annotated[Path | None, typer.Option(help="Write a PNG contact sheet of the missed heads here.")] = None,
) -> None:
    """Measure the anonymiser on labelled heads."""
    from detectors.blur_audit import audit, contact_sheet, person_free_images, read_labels
    from detectors.errors import DetectorError
    from detectors.frames import video_fps
    from detectors.redact import VideoCover, cover_frame

    choice, faces = _audited_detectors()
    try:
        heads = read_labels(labels)
        extra = person_free_images(negatives) if negatives else []
        with tqdm(total=len({(h.image, h.scale) for h in heads}) + len(extra), desc=_("Auditing"), unit="image") as bar:
            video = VideoCover(persons=choice.detector, faces=faces,
                               fps=video_fps(source)) if source.is_file() else None
            result = audit(source, heads, video.cover if video else lambda image: cover_frame(
                image, persons=choice.detector, faces=faces), negatives=extra, on_image=lambda: bar.update(1),
                watch=video.watch if video else None)
        written = contact_sheet(result, sheet) if sheet else None
    except DetectorError as error:
        fail(ScanFailed(str(error)))
    _print_audit(result, written)


@app.command("audit-count", help=_("Measure people counted against labelled counts, frame by frame."))
def audit_count(
    source: Annotated[Path, typer.Argument(help="Folder of labelled images, or a video (labels name frame numbers).")],
    labels: Annotated[Path, typer.Option(help="CSV: image,count (for a clip, image is a frame number).")],
    passing: Annotated[float | None, typer.Option(help="With a clip: the true distinct people per minute.")] = None,
) -> None:
    """Measure the people counter on labelled frames."""
    from detectors.count_audit import audit_counts, read_counts
    from detectors.errors import DetectorError
    from detectors.pipeline import still_count

    choice, faces = _audited_detectors()
    try:
        counts = read_counts(labels)
        if source.is_file():  # a clip: scanned as production scans it, then compared at the labelled frames
            result, rate = _audit_clip(source, counts)
            typer.echo(f"distinct people per minute found: {rate}"
                       + (f"; labelled: {passing}" if passing is not None else ""))
        else:
            with tqdm(total=len(counts), desc=_("Auditing"), unit="image") as bar:
                result = audit_counts(source, counts, lambda image: still_count(
                    image, persons=choice.detector, faces=faces), on_image=lambda: bar.update(1))
    except DetectorError as error:
        fail(ScanFailed(str(error)))
    typer.echo(f"{'image':<40} {'labelled':>8} {'found':>6}")
    for image, truth, found in result.rows:
        typer.echo(f"{image:<40} {truth:>8} {found:>6}")
    error = result.mean_relative_error
    typer.echo(f"mean relative error on {sum(1 for _i, t, _f in result.rows if t > 0)} frame(s) with people: "
               f"{'—' if error is None else f'{error:.1%}'}; people found on frames labelled empty: "
               f"{result.false_people}")


@app.command("audit-scenes", help=_("Measure the verdicts production scans give labelled clips and photos, and the "
                                    "F1 of their flags."))
def audit_scenes_command(
    labels: Annotated[Path, typer.Argument(help="CSV: source,verdict (public_foot_traffic|crowd_in_frame|clear); "
                                                "sources relative to its folder.")],
) -> None:
    """Measure scene verdicts on labelled clips and photos."""
    from dashboard.services.scanning.scans import scan_any_source
    from detectors.errors import DetectorError
    from detectors.scene_audit import audit_scenes, read_scenes

    _audited_detectors()  # names the person detector the scans use
    settings = current_settings()
    try:
        scenes = read_scenes(labels)
        with tqdm(total=len(scenes), desc=_("Auditing"), unit="scene") as bar, reported():
            result = audit_scenes(scenes, lambda source: scan_any_source(str(source), settings=settings).score.verdict,
                                  on_scene=lambda: bar.update(1))
    except DetectorError as error:
        fail(ScanFailed(str(error)))
    typer.echo(f"{'source':<40} {'labelled':<20} {'found':<20}")
    for source, truth, found in result.rows:
        typer.echo(f"{source:<40} {truth:<20} {found:<20}" + ("" if truth == found else "  <-"))
    typer.echo(f"exact verdicts: {result.exact} of {len(result.rows)}")
    for name, agreement in (("foot traffic", result.foot_traffic), ("flagged for a reviewer", result.flagged)):
        shown = ["—" if v is None else f"{v:.2f}" for v in (agreement.precision, agreement.recall, agreement.f1)]
        typer.echo(f"{name}: precision {shown[0]}, recall {shown[1]}, F1 {shown[2]} ({agreement.true_positives} "
                   f"right, {agreement.false_positives} raised wrongly, {agreement.false_negatives} missed)")


def _audit_clip(source: Path, labels: list) -> tuple[object, float | None]:
    """Scan a clip with the production configuration; its per-sample counts beside the labels, and its rate."""
    from dashboard.services.scanning.scans import scan_any_source
    from detectors.count_audit import audit_scan

    settings = current_settings()
    with reported():
        outcome = scan_any_source(str(source), settings=settings)
    return (audit_scan(source, outcome.counts, labels, interval=settings.sample_every_seconds),
            outcome.score.tracks_per_minute)


class _StopFlag:
    """First SIGINT/SIGTERM: finish the current stream and stop; second: interrupt now."""

    def __init__(self) -> None:
        self.stop = False
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, signum: int, _frame: object) -> None:
        if self.stop:
            raise KeyboardInterrupt
        self.stop = True
        typer.echo(_("Stopping after the current stream (signal again to interrupt now)."), err=True)


def _said(event: object) -> tuple[str, bool]:
    """One of the worker's events in the reader's language, and whether it is a refusal (said on stderr)."""
    from dashboard.scaleout import worker as w

    match event:
        case w.InboxTaken():
            return _("inbox {file}: {count} taken in, {known} known, {rejected} rejected", file=event.file,
                     count=event.created, known=event.known, rejected=event.rejected), False
        case w.NoticesSent():
            return _("notices: {delivered} delivered, {retrying} to retry, {failed} refused",
                     delivered=event.delivered, retrying=event.retrying, failed=event.failed), False
        case w.StaleScansFailed():
            return _("Marked {count} interrupted scan(s) as failed.", count=event.count), False
        case w.ScanRecorded():
            return _("stream {stream}: scan {scan} recorded", stream=event.stream_id, scan=event.scan_id), False
        case w.ScanRefused():
            return _("stream {stream}: {problem}", stream=event.stream_id,
                     problem=error_text(language(), event.error)), True
        case w.Purged():
            return _("purge: {frames} evidence frame(s), {lines} rejected line(s), {sessions} session(s) deleted; "
                     "{held} held stream(s) kept", frames=event.evidence_frames, lines=event.intake_rejections,
                     sessions=event.login_sessions, held=event.held_streams), False
    raise TypeError(f"no words for {event!r}")


def _say(event: object) -> None:
    """Print one of the worker's events (refusals on stderr)."""
    text, refusal = _said(event)
    typer.echo(text, err=refusal)


@app.command(help=_("Take in reports, scan due streams and purge expired data until stopped; each result commits on "
                    "its own."))
def worker(
    once: Annotated[bool, typer.Option(help=_("One pass over due streams, then exit."))] = False,
    idle_seconds: Annotated[float, typer.Option(min=0.1)] = 30.0,
    batch: Annotated[int, typer.Option(min=1)] = 20,
) -> None:
    """Run the in-process worker."""
    from dashboard.scaleout import worker as w

    settings = current_settings()
    flag, last_purge = _StopFlag(), None
    while not flag.stop:
        last_purge, purged = w.purge_when_due(units(settings), settings=settings, last=last_purge)
        if purged:
            _say(purged)
        scanned = 0
        for event in w.one_pass(units(settings), settings=settings, batch=batch, stopped=lambda: flag.stop):
            _say(event)
            scanned += isinstance(event, (w.ScanRecorded, w.ScanRefused))
        if once:
            break
        if scanned == 0:
            deadline = time.monotonic() + idle_seconds
            while not flag.stop and time.monotonic() < deadline:
                time.sleep(0.2)
    typer.echo(_("Worker stopped."))
