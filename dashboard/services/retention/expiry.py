"""Retention: expired evidence frames, rejected intake lines and old login sessions are deleted, each run audited.

Evidence frames are personal data (PIPL art. 19, GDPR art. 5(1)(e)): a scan's frames are kept while a flag of
the scan is open, then `evidence_retention_days` after the flag was closed (or after the scan, if it raised
none); a stream whose takedown stands keeps them `takedown_evidence_retention_days` after the takedown (the
appeal window); a stream on legal hold keeps them until the hold is released.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import (
    AuditEvent, Flag, IntakeRejection, LoginSession, Observation, Scan, Stream, Takedown,
)
from dashboard.enums import AuditAction, FlagStatus
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.retention.holds import held_stream_ids, is_held
from dashboard.services.stored_files import stored_file


@dataclass(frozen=True)
class PurgeSummary:
    """What one purge run deleted and what it kept on purpose."""

    evidence_frames: int
    scans: int
    intake_rejections: int
    login_sessions: int
    held_streams: int
    failed_files: int


def purge(session: Session, *, actor: Actor, settings: Settings, now: datetime | None = None) -> PurgeSummary:
    """Delete what has outlived its retention period and record the run (with counts) in the audit log."""
    require(actor, Action.PURGE_DATA)
    now = now or utcnow()
    frames, scans, failed, held = _purge_evidence(session, settings=settings, now=now)
    rejections = session.execute(delete(IntakeRejection).where(
        IntakeRejection.created_at < now - timedelta(days=settings.rejected_intake_retention_days))).rowcount
    ended = now - timedelta(days=settings.session_retention_days)
    sessions = session.execute(delete(LoginSession).where(
        or_(LoginSession.expires_at < ended, LoginSession.revoked_at < ended))).rowcount
    summary = PurgeSummary(frames, scans, rejections or 0, sessions or 0, held, failed)
    audit.record(session, actor=actor, action=AuditAction.RETENTION_PURGE, entity_type="retention",
                 entity_id=now.strftime("%Y-%m-%dT%H:%M:%SZ"), after=asdict(summary), at=now)
    return summary


def _purge_evidence(session: Session, *, settings: Settings, now: datetime) -> tuple[int, int, int, int]:
    """Expired evidence, stream by stream; returns frames, scans, failed files and streams kept by a hold."""
    held = held_stream_ids(session)
    frames = scans = failed = 0
    for stream_id, items in _expired_evidence(session, settings=settings, now=now, held=held).items():
        done = _purge_stream(session, data_dir=settings.data_dir, stream_id=stream_id, items=items)
        if done is None:
            held.add(stream_id)
            continue
        frames, scans, failed = frames + done[0], scans + done[1], failed + done[2]
    return frames, scans, failed, len(held)


def _purge_stream(session: Session, *, data_dir: Path, stream_id: int,
                  items: list[tuple[int, int, str]]) -> tuple[int, int, int] | None:
    """Delete one stream's expired frames unless a hold placed since the run began now covers it (None).

    The hold is checked again in the transaction that deletes, after taking the stream's lock (FOR UPDATE on
    PostgreSQL, which a hold's insert waits for; on SQLite the first write takes the database's write lock), so a
    hold committed at any moment saves every frame not yet deleted.
    """
    nested = session.begin_nested()
    session.execute(select(Stream.id).where(Stream.id == stream_id).with_for_update())
    session.execute(update(Observation).where(Observation.id.in_([i for i, _, _ in items])).values(evidence_path=None))
    if is_held(session, stream_id=stream_id):
        nested.rollback()
        return None
    kept = [(obs_id, path) for obs_id, _, path in items if not _unlink(data_dir, path)]
    for obs_id, path in kept:  # kept in the row, counted as failed, tried again next run
        session.execute(update(Observation).where(Observation.id == obs_id).values(evidence_path=path))
    nested.commit()
    kept_ids = {obs_id for obs_id, _ in kept}
    return len(items) - len(kept), len({scan for obs_id, scan, _ in items if obs_id not in kept_ids}), len(kept)


def _unlink(data_dir: Path, stored: str) -> bool:
    path = stored_file(data_dir, stored)
    if path is None:  # a row pointing outside the data folder: logged, never deleted, kept for an operator
        return False
    try:
        path.unlink(missing_ok=True)
        return True
    except OSError:
        return False


def _expired_evidence(session: Session, *, settings: Settings, now: datetime,
                      held: set[int]) -> dict[int, list[tuple[int, int, str]]]:
    """(observation id, scan id, path) of evidence whose retention has run out, per stream."""
    cutoff = now - timedelta(days=settings.evidence_retention_days)
    rows = session.execute(select(Observation.id, Scan.id, Scan.stream_id,
                                  func.coalesce(Scan.finished_at, Scan.started_at), Observation.evidence_path)
                           .join(Observation, Observation.scan_id == Scan.id)
                           .where(Observation.evidence_path.is_not(None), Scan.started_at < cutoff)).all()
    if not rows:
        return {}
    open_scans, closed_at = _flag_state(session, {r[1] for r in rows})
    appeal = _standing_takedowns(session, since=now - timedelta(days=settings.takedown_evidence_retention_days))
    expired: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for obs_id, scan_id, stream_id, ended_at, path in rows:
        last = max(ended_at, closed_at.get(scan_id, ended_at))
        if scan_id in open_scans or stream_id in held or stream_id in appeal or last >= cutoff:
            continue
        expired[stream_id].append((obs_id, scan_id, path))
    return expired


def _flag_state(session: Session, scan_ids: set[int]) -> tuple[set[int], dict[int, datetime]]:
    """Scans with an open flag, and when each scan's last closed flag was closed."""
    open_scans: set[int] = set()
    closed_at: dict[int, datetime] = {}
    flags = select(Flag.scan_id, Flag.status, Flag.resolved_at).where(Flag.scan_id.in_(scan_ids))
    for scan_id, status, resolved_at in session.execute(flags):
        if status == FlagStatus.OPEN:
            open_scans.add(scan_id)
        elif resolved_at is not None:
            closed_at[scan_id] = max(resolved_at, closed_at.get(scan_id, resolved_at))
    return open_scans, closed_at


def _standing_takedowns(session: Session, *, since: datetime) -> set[int]:
    """Streams taken down (not restored) within the appeal window."""
    return set(session.scalars(select(Takedown.stream_id).where(Takedown.restored_at.is_(None),
                                                                Takedown.created_at >= since)))


@dataclass(frozen=True)
class PurgeRun:
    """One past purge, from the audit log."""

    at: datetime
    actor: str
    counts: dict[str, int]


def recent_purges(session: Session, *, limit: int = 30) -> list[PurgeRun]:
    """The latest purge runs, newest first."""
    query = (select(AuditEvent).where(AuditEvent.action == AuditAction.RETENTION_PURGE.value)
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    return [PurgeRun(e.at, e.actor_name, dict(e.after or {})) for e in session.scalars(query)]
