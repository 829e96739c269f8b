"""Scans: run the detectors over a stream's source, store observations and evidence, raise flags."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.enums import (
    AuditAction, OPEN_JOB_STATUSES, NoticeKind, NoticeSource,
    MERCHANT_CATEGORIES, PRIVATE_PLACES, Category, FlagKind, FlagStatus, ScanStatus, StreamState, Verdict, Visibility,
)
from dashboard.db.session import UnitOfWork
from dashboard.db.models import Flag, Observation, Scan, ScanJob, Stream, User
from dashboard.errors import Conflict, InvalidInput, ScanFailed
from dashboard.services.access import audit
from dashboard.services.streams import lifecycle, notices
from dashboard.services.scanning.detection import face_detector, person_detector
from dashboard.services.scanning.sources import check_source
from dashboard.services.access.permissions import Action, Actor, SYSTEM, require
from dashboard.services.stored_files import stored_file
from dashboard.services.streams.moderation import get_stream
from dashboard.messages import N_
from detectors.errors import DetectorError
from detectors.frames import SamplingPlan
from detectors.pipeline import ScanConfig, ScanOutcome, scan_source
from detectors.scene import Thresholds


def scan_config(settings: Settings, *, private_context: bool = False, check_stickers: bool = True,
                qr_enough: Callable[[str], bool] | None = None) -> ScanConfig:
    """Detector configuration from the settings; private contexts look for faces on every frame."""
    plan = SamplingPlan(every_seconds=settings.sample_every_seconds, max_frames=settings.scan_max_frames,
                        max_seconds=settings.scan_max_seconds, open_timeout_s=settings.scan_timeout_seconds,
                        read_timeout_s=settings.scan_timeout_seconds)
    thresholds = Thresholds(tracks_per_minute=settings.foot_traffic_tracks_per_minute,
                            peak_people=settings.foot_traffic_peak_people,
                            frames_with_people=settings.foot_traffic_frames_with_people)
    return ScanConfig(plan=plan, thresholds=thresholds, evidence_frames=settings.evidence_frames,
                      read_qr=check_stickers, qr_enough=qr_enough,
                      faces_every_frame=settings.faces_every_frame or private_context,
                      detect_every=settings.detect_every)


def stream_scan_config(settings: Settings, stream: Stream) -> ScanConfig:
    """How a registered stream is scanned: faces on every frame in a private context; stickers read for shops and
    restaurants until one signed for this stream is seen."""
    from dashboard.services.compliance.stickers import signed_for

    merchant = stream.category in MERCHANT_CATEGORIES
    enough = signed_for(stream.external_id, secret=settings.secret_key.get_secret_value()) if merchant else None
    return scan_config(settings, private_context=private_context(stream), check_stickers=merchant, qr_enough=enough)


def private_context(stream: Stream) -> bool:
    """A campus stream, or one shared privately: any face in it is a privacy matter (the one spelling of it)."""
    return stream.category == Category.CAMPUS or stream.visibility == Visibility.PRIVATE_SHARED


def scan_any_source(uri: str, *, settings: Settings, evidence_dir: Path | None = None,
                    on_frame: Callable[[int], None] | None = None, config: ScanConfig | None = None) -> ScanOutcome:
    """Scan a file, URL or folder without touching the database."""
    choice = person_detector(settings)
    try:
        return scan_source(uri, config=config or scan_config(settings), persons=choice.detector,
                           faces=face_detector(settings), evidence_dir=evidence_dir, on_frame=on_frame,
                           person_label=choice.label)
    except DetectorError as error:
        raise ScanFailed(str(error)) from None


def start_scan(session: Session, *, actor: Actor, stream_id: int, lease: timedelta = timedelta(minutes=10)) -> Scan:
    """Record that a scan of the stream has started; the running scan is the stream's lease.

    A running scan older than the lease belongs to a killed process and is failed first; a younger one means
    another worker holds the stream, and this one is refused (the database's unique index settles a race).
    """
    require(actor, Action.RUN_SCAN)
    stream = get_stream(session, stream_id=stream_id)
    if not stream.source_uri:
        raise InvalidInput("Stream {stream_id} has no source to scan.", stream_id=stream.id)
    fail_interrupted(session, older_than=lease, stream_id=stream.id)
    scan = Scan(stream_id=stream.id, started_at=utcnow(), status=ScanStatus.RUNNING)
    try:
        with session.begin_nested():
            session.add(scan)
    except IntegrityError:
        raise Conflict("Stream {stream_id} is being scanned by another worker; it is skipped this time.",
                       stream_id=stream.id) from None
    return scan


def fail_scan(session: Session, *, scan_id: int, error: str) -> Scan:
    """Mark a scan failed with the reason (the stream's state is untouched)."""
    scan = session.get_one(Scan, scan_id)
    scan.status, scan.error, scan.finished_at = ScanStatus.FAILED, error, utcnow()
    scan.stream.last_scanned_at = scan.finished_at
    return scan


def _store_numbers(session: Session, scan: Scan, outcome: ScanOutcome, data_dir: Path) -> None:
    result = outcome.score
    scan.status, scan.finished_at = ScanStatus.DONE, utcnow()
    scan.frames_sampled, scan.people_peak = result.frames, result.people_peak
    scan.tracks_per_minute = result.tracks_per_minute or 0.0
    scan.frames_with_people, scan.median_dwell_seconds = result.frames_with_people, result.median_dwell_seconds
    scan.faces_total, scan.verdict, scan.degraded = result.faces_total, Verdict(result.verdict), result.degraded
    scan.detectors = outcome.detectors | {"reasons": result.reasons, "warnings": outcome.warnings,
                                          "thresholds": result.as_dict()["thresholds"],
                                          "qr_payloads": sorted({c.payload for _, c in outcome.qr_codes})}
    scan.stream.last_scanned_at = scan.finished_at
    evidence = {index: str(path.relative_to(data_dir)) if path.is_relative_to(data_dir) else str(path)
                for index, path in outcome.evidence}
    session.add_all(Observation(scan_id=scan.id, frame_index=index, t_seconds=counts.t_seconds, people=counts.people,
                                tracks=len(counts.track_ids), faces=counts.faces, evidence_path=evidence.get(index))
                    for index, counts in enumerate(outcome.counts))


def _raise_flag(session: Session, *, scan: Scan, kind: FlagKind, details: dict) -> Flag:
    """One open flag per stream and kind: a new scan refreshes it instead of piling up duplicates."""
    flag = session.scalar(select(Flag).where(Flag.stream_id == scan.stream_id, Flag.kind == kind,
                                             Flag.status == FlagStatus.OPEN))
    if flag is None:
        flag = Flag(stream_id=scan.stream_id, kind=kind, status=FlagStatus.OPEN, created_at=utcnow())
        session.add(flag)
    flag.scan_id, flag.details = scan.id, details
    session.flush()
    return flag


def _flags_for(session: Session, *, scan: Scan, actor: Actor) -> list[Flag]:
    stream, flags = scan.stream, []
    numbers = {"tracks_per_minute": scan.tracks_per_minute, "people_peak": scan.people_peak,
               "frames_with_people": scan.frames_with_people, "faces": scan.faces_total,
               "degraded": scan.degraded, "reasons": scan.detectors.get("reasons", []),
               "detector": scan.detectors.get("persons")}
    crowd = scan.verdict in (Verdict.CROWD_IN_FRAME, Verdict.PUBLIC_FOOT_TRAFFIC)
    private = private_context(stream)
    if stream.place_type in PRIVATE_PLACES and crowd:
        # People in a home are the family and their guests, not passers-by: a privacy matter for a reviewer,
        # not foot traffic, and no suspension for foot traffic.
        flags.append(_raise_flag(session, scan=scan, kind=FlagKind.FACES_IN_PRIVATE, details=numbers))
        return flags
    if scan.verdict == Verdict.CROWD_IN_FRAME:  # no rate to judge: a reviewer looks, the stream stays as it is
        flags.append(_raise_flag(session, scan=scan, kind=FlagKind.CROWD_IN_FRAME, details=numbers))
    if scan.verdict == Verdict.PUBLIC_FOOT_TRAFFIC:
        flags.append(_raise_flag(session, scan=scan, kind=FlagKind.FOOT_TRAFFIC, details=numbers))
        if stream.state == StreamState.LIVE and stream.visibility == Visibility.PUBLIC:
            lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_SUSPEND,
                           reason=N_("public foot traffic detected; suspended pending review"),
                           state=StreamState.SUSPENDED, extra={"scan_id": scan.id},
                           told=notices.Decided(NoticeKind.SUSPEND, "foot_traffic", NoticeSource.SCAN_FLAG,
                                                notices.backend(numbers["detector"]), notices.scan_facts(scan)))
    if private and scan.faces_total > 0:
        flags.append(_raise_flag(session, scan=scan, kind=FlagKind.FACES_IN_PRIVATE, details=numbers))
    return flags


def record_scan(session: Session, *, actor: Actor, scan_id: int, outcome: ScanOutcome, settings: Settings) -> Scan:
    """Store a finished scan's numbers, observations and evidence; raise flags; suspend if policy says so;
    check any consent-sticker QR codes seen in the frames."""
    require(actor, Action.RUN_SCAN)
    scan = session.get_one(Scan, scan_id)
    _store_numbers(session, scan, outcome, settings.data_dir)
    session.flush()
    flags = _flags_for(session, scan=scan, actor=actor)
    payloads = scan.detectors.get("qr_payloads", [])
    if payloads and scan.stream.category in MERCHANT_CATEGORIES:
        from dashboard.services.compliance.stickers import verify_from_scan

        qr_frame = outcome.qr_codes[0][0] if outcome.qr_codes else None
        evidence = next((str(p.relative_to(settings.data_dir)) for i, p in outcome.evidence
                         if i == qr_frame and p.is_relative_to(settings.data_dir)), None)
        verify_from_scan(session, actor=actor, stream_id=scan.stream_id, payloads=payloads, evidence=evidence,
                         settings=settings)
    audit.record(session, actor=actor, action=AuditAction.SCAN_RECORD, entity_type="stream", entity_id=scan.stream_id,
                 after={"scan_id": scan.id, "verdict": scan.verdict.value, "degraded": scan.degraded,
                        "flags": [f.id for f in flags]})
    return scan


def _actor(session: Session, actor_id: int | None) -> Actor:
    return SYSTEM if actor_id is None else session.get_one(User, actor_id)


def scan_stream(uow: UnitOfWork, *, actor_id: int | None, stream_id: int, settings: Settings,
                on_frame: Callable[[int], None] | None = None) -> int:
    """Scan one stream in three steps (start, detect without holding a transaction, record); returns the scan id.

    A source that cannot be read, or that the console must not fetch (see sources.check_source), is recorded
    as a failed scan and raised as ScanFailed.
    """
    with uow() as session:
        scan = start_scan(session, actor=_actor(session, actor_id), stream_id=stream_id,
                          lease=timedelta(minutes=settings.scan_lease_minutes))
        scan_id, stream = scan.id, scan.stream
        uri, config = stream.source_uri, stream_scan_config(settings, stream)
    try:
        check_source(uri, settings=settings)
        outcome = scan_any_source(uri, settings=settings, evidence_dir=settings.evidence_dir / f"scan_{scan_id}",
                                  on_frame=on_frame, config=config)
    except (ScanFailed, InvalidInput) as error:
        with uow() as session:
            fail_scan(session, scan_id=scan_id, error=str(error))
        raise ScanFailed(str(error)) from None
    except BaseException:
        with uow() as session:  # interrupted (Ctrl-C, stop): leave no scan 'running' forever
            fail_scan(session, scan_id=scan_id, error="interrupted before it finished")
        raise
    with uow() as session:
        record_scan(session, actor=_actor(session, actor_id), scan_id=scan_id, outcome=outcome, settings=settings)
    return scan_id


def scannable_streams(session: Session, *, limit: int = 1000, unscanned_only: bool = False) -> list[int]:
    """Live streams that have a source to scan, by id (scan --all); unscanned_only: never scanned yet."""
    query = select(Stream.id).where(Stream.source_uri.is_not(None), Stream.state == StreamState.LIVE)
    if unscanned_only:
        query = query.where(Stream.last_scanned_at.is_(None))
    return list(session.scalars(query.order_by(Stream.id).limit(limit)))


def due_condition(settings: Settings, now: datetime | None = None) -> ColumnElement[bool]:
    """Live public streams with a source that were never scanned or not within the scan interval."""
    cutoff = (now or utcnow()) - timedelta(minutes=settings.scan_interval_minutes)
    return (Stream.state == StreamState.LIVE) & (Stream.visibility == Visibility.PUBLIC) & \
        Stream.source_uri.is_not(None) & (Stream.last_scanned_at.is_(None) | (Stream.last_scanned_at < cutoff))


DUE_ORDER = (Stream.last_scanned_at.is_not(None), Stream.last_scanned_at, Stream.id)  # never scanned, then oldest


def due_streams(session: Session, *, settings: Settings, now: datetime | None = None, limit: int = 50,
                without_open_job: bool = False) -> list[int]:
    """The due streams (due_condition), longest waiting first; without_open_job leaves out those a scan job is
    already queued, running or retrying for (the distributed scheduler)."""
    query = select(Stream.id).where(due_condition(settings, now))
    if without_open_job:
        query = query.where(~exists().where(ScanJob.stream_id == Stream.id, ScanJob.status.in_(OPEN_JOB_STATUSES)))
    return list(session.scalars(query.order_by(*DUE_ORDER).limit(limit)))


def fail_interrupted(session: Session, *, older_than: timedelta = timedelta(minutes=10),
                     stream_id: int | None = None) -> int:
    """Mark scans left 'running' past their lease by a killed process as failed; returns how many."""
    query = update(Scan).where(Scan.status == ScanStatus.RUNNING, Scan.started_at < utcnow() - older_than)
    if stream_id is not None:
        query = query.where(Scan.stream_id == stream_id)
    result = session.execute(query.values(status=ScanStatus.FAILED, error="process stopped before the scan finished",
                                          finished_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount or 0


def recent_scans(session: Session, *, stream_id: int, limit: int = 10) -> list[Scan]:
    """A stream's latest scans, newest first."""
    query = select(Scan).where(Scan.stream_id == stream_id).order_by(Scan.started_at.desc(), Scan.id.desc())
    return list(session.scalars(query.limit(limit)))


def evidence_paths(session: Session, *, scan_id: int, data_dir: Path) -> list[Path]:
    """Absolute paths of a scan's anonymised evidence frames that exist on disk."""
    rows = session.scalars(select(Observation.evidence_path).where(
        Observation.scan_id == scan_id, Observation.evidence_path.is_not(None)).order_by(Observation.frame_index))
    paths = [stored_file(data_dir, p) for p in rows]
    return [p for p in paths if p is not None and p.is_file()]


def latest_evidence(session: Session, *, stream_id: int, data_dir: Path) -> tuple[Scan | None, list[Path]]:
    """The stream's most recent finished scan and its anonymised evidence frames."""
    scan = session.scalar(select(Scan).where(Scan.stream_id == stream_id, Scan.status == ScanStatus.DONE)
                          .order_by(Scan.started_at.desc(), Scan.id.desc()).limit(1))
    return scan, (evidence_paths(session, scan_id=scan.id, data_dir=data_dir) if scan else [])


def reveal_evidence(session: Session, *, actor: Actor, context: str, scan_id: int | None = None,
                    stream_id: int | None = None) -> None:
    """Record that someone chose to look at (anonymised) evidence: a scan's frames, or a stream's other evidence."""
    require(actor, Action.REVEAL_EVIDENCE)
    if (scan_id is None) == (stream_id is None):
        raise ValueError("name exactly one of scan_id and stream_id")
    entity = ("scan", scan_id) if scan_id is not None else ("stream", stream_id)
    audit.record(session, actor=actor, action=AuditAction.EVIDENCE_REVEAL, entity_type=entity[0],
                 entity_id=entity[1], reason=context)
