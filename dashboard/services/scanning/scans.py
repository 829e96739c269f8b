"""Scans: how a stream is scanned (its detector configuration) and which streams are due; the run itself (start,
detect, record) is in runs, the evidence it leaves in services.evidence."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import Scan, ScanJob, Stream
from dashboard.enums import MERCHANT_CATEGORIES, OPEN_JOB_STATUSES, Category, StreamState, Visibility
from dashboard.errors import ScanFailed
from dashboard.services.evidence.detectors import face_detector, person_detector
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


def recent_scans(session: Session, *, stream_id: int, limit: int = 10) -> list[Scan]:
    """A stream's latest scans, newest first."""
    query = select(Scan).where(Scan.stream_id == stream_id).order_by(Scan.started_at.desc(), Scan.id.desc())
    return list(session.scalars(query.limit(limit)))
