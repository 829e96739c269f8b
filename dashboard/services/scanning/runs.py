"""A scan's run, the one path every caller takes (the in-process worker and the CLI through scan_stream, the page's
Scan now, the Celery task through job_runner): start (the running scan row is the stream's lease), detect outside any
transaction, record (numbers, observations, flags, the sticker check)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import Flag, Observation, Scan, User
from dashboard.db.session import UnitOfWork
from dashboard.enums import (
    MERCHANT_CATEGORIES, PRIVATE_PLACES, AuditAction, FlagKind, FlagStatus, NoticeKind, NoticeSource, ScanStatus,
    StreamState, Verdict, Visibility,
)
from dashboard.errors import Conflict, InvalidInput, ScanFailed
from dashboard.messages import N_
from dashboard.services.access import audit
from dashboard.services.access.permissions import SYSTEM, Action, Actor, require
from dashboard.services.scanning.scans import private_context, scan_any_source, stream_scan_config
from dashboard.services.scanning.sources import check_source
from dashboard.services.streams import lifecycle, notices
from dashboard.services.streams.moderation import get_stream
from detectors.pipeline import ScanConfig, ScanOutcome


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
    scan.detectors = outcome.detectors | {"reasons": [r.stored() for r in result.reasons],
                                          "warnings": outcome.warnings,
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


def detect(uow: UnitOfWork, *, scan_id: int, uri: str, config: ScanConfig, settings: Settings,
           on_frame: Callable[[int], None] | None = None) -> ScanOutcome:
    """The middle step, outside any transaction: check the source, run the detectors, write blurred evidence.
    A source that cannot be read or must not be fetched (sources.check_source) fails the scan and raises ScanFailed."""
    try:
        check_source(uri, settings=settings)
        return scan_any_source(uri, settings=settings, evidence_dir=settings.evidence_dir / f"scan_{scan_id}",
                               on_frame=on_frame, config=config)
    except (ScanFailed, InvalidInput) as error:
        with uow() as session:
            fail_scan(session, scan_id=scan_id, error=str(error))
        raise ScanFailed(str(error)) from None


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
        outcome = detect(uow, scan_id=scan_id, uri=uri, config=config, settings=settings, on_frame=on_frame)
    except ScanFailed:  # detect has recorded it as failed, with its reason
        raise
    except BaseException:
        with uow() as session:  # interrupted (Ctrl-C, stop): leave no scan 'running' forever
            fail_scan(session, scan_id=scan_id, error="interrupted before it finished")
        raise
    with uow() as session:
        record_scan(session, actor=_actor(session, actor_id), scan_id=scan_id, outcome=outcome, settings=settings)
    return scan_id


def fail_interrupted(session: Session, *, older_than: timedelta = timedelta(minutes=10),
                     stream_id: int | None = None) -> int:
    """Mark scans left 'running' past their lease by a killed process as failed; returns how many."""
    query = update(Scan).where(Scan.status == ScanStatus.RUNNING, Scan.started_at < utcnow() - older_than)
    if stream_id is not None:
        query = query.where(Scan.stream_id == stream_id)
    result = session.execute(query.values(status=ScanStatus.FAILED, error="process stopped before the scan finished",
                                          finished_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount or 0
