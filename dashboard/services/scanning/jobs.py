"""Scan jobs for distributed scanning: enqueued once per stream and window, leased to one worker at a time, their
result recorded once. The broker only carries job ids; this table is the truth (an outbox the scheduler re-sends).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import ScanJob, SchedulerLease
from dashboard.enums import OPEN_JOB_STATUSES as OPEN, JobStatus
from dashboard.services.scanning.scans import due_streams

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def window_start(now: datetime, *, minutes: int) -> datetime:
    """The start of the scan window a moment falls in (windows of the scan interval, from the epoch)."""
    return EPOCH + ((now - EPOCH) // timedelta(minutes=minutes)) * timedelta(minutes=minutes)


def _insert(session: Session, model: type = ScanJob):
    """INSERT … ON CONFLICT DO NOTHING in this database's dialect."""
    return (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(model)


def enqueue_due(session: Session, *, settings: Settings, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Create a job for each due stream that has no open job; the (stream, window) key makes a second scheduler's
    insert a no-op. Returns the ids of the jobs this call created (the ones it must send)."""
    now = now or utcnow()
    due = due_streams(session, settings=settings, now=now, limit=limit, without_open_job=True)
    if not due:
        return []
    window = window_start(now, minutes=settings.scan_interval_minutes)
    rows = [{"stream_id": s, "window_start": window, "status": JobStatus.QUEUED.value, "queue": settings.scan_queue,
             "attempts": 0, "enqueued_at": now} for s in due]
    statement = _insert(session).values(rows).on_conflict_do_nothing(
        index_elements=["stream_id", "window_start"]).returning(ScanJob.id)
    return sorted(session.scalars(statement))


def to_publish(session: Session, *, settings: Settings, now: datetime | None = None, limit: int = 1000
               ) -> list[tuple[int, str]]:
    """Jobs to hand to the broker: never sent; or whose message seems lost (sent long ago and not started, a
    failed attempt whose retry never came, a lease that ran out long ago with nobody taking over)."""
    now = now or utcnow()
    stale = now - timedelta(seconds=settings.republish_after_seconds)
    waiting = (ScanJob.status == JobStatus.QUEUED) & (ScanJob.published_at.is_(None) | (ScanJob.published_at < stale))
    lost = (((ScanJob.status == JobStatus.FAILED) & (ScanJob.finished_at < stale))
            | ((ScanJob.status == JobStatus.RUNNING) & (ScanJob.lease_until < stale)))
    query = (select(ScanJob.id, ScanJob.queue).where(waiting | (lost & (ScanJob.published_at < stale)))
             .order_by(ScanJob.id).limit(limit))
    return [(job_id, queue) for job_id, queue in session.execute(query)]


def mark_published(session: Session, *, job_ids: list[int], now: datetime | None = None) -> None:
    """Record that these jobs were handed to the broker."""
    if job_ids:
        session.execute(update(ScanJob).where(ScanJob.id.in_(job_ids)).values(published_at=now or utcnow()))


def hold_lease(session: Session, *, name: str, holder: str, ttl: timedelta, now: datetime | None = None) -> bool:
    """Take or keep the named lease (one scheduler enqueues at a time); False while another holds it."""
    now = now or utcnow()
    session.execute(_insert(session, SchedulerLease).values(name=name, holder=holder, expires_at=now - timedelta(seconds=1))
                    .on_conflict_do_nothing(index_elements=["name"]))
    taken = session.execute(update(SchedulerLease).where(
        SchedulerLease.name == name, (SchedulerLease.holder == holder) | (SchedulerLease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl).execution_options(synchronize_session=False))
    return bool(taken.rowcount)


@dataclass(frozen=True)
class Claim:
    """What a worker may do with a job: run it (with this claim token), skip it (done, dead or gone), or wait."""

    action: str  # "run", "skip" or "wait"
    token: str | None = None
    wait_seconds: float = 0.0
    stream_id: int | None = None


def claim(session: Session, *, job_id: int, worker: str, lease: timedelta, now: datetime | None = None) -> Claim:
    """Take the job's lease if it is waiting, or if its holder stopped renewing it (a killed worker)."""
    now = now or utcnow()
    token = f"{worker[:40]}:{uuid.uuid4().hex[:12]}"
    taken = session.execute(update(ScanJob).where(
        ScanJob.id == job_id, ScanJob.status.in_(OPEN),
        (ScanJob.status != JobStatus.RUNNING) | (ScanJob.lease_until < now))
        .values(status=JobStatus.RUNNING, attempts=ScanJob.attempts + 1, claim=token, started_at=now,
                lease_until=now + lease, error=None).execution_options(synchronize_session=False))
    job = session.get(ScanJob, job_id, populate_existing=True)
    if taken.rowcount:
        return Claim("run", token, stream_id=job.stream_id)
    if job is None or job.status in (JobStatus.DONE, JobStatus.DEAD):
        return Claim("skip")
    return Claim("wait", wait_seconds=max(1.0, (job.lease_until - now).total_seconds()) if job.lease_until else 1.0)


def renew(session: Session, *, job_id: int, token: str, lease: timedelta) -> bool:
    """Keep the lease while the scan runs; False if the job was taken over (this attempt must not record)."""
    result = session.execute(update(ScanJob).where(ScanJob.id == job_id, ScanJob.claim == token,
                                                   ScanJob.status == JobStatus.RUNNING)
                             .values(lease_until=utcnow() + lease).execution_options(synchronize_session=False))
    return bool(result.rowcount)


def finish(session: Session, *, job_id: int, token: str, status: JobStatus, scan_id: int | None = None,
           error: str | None = None) -> bool:
    """End this attempt (done, failed for a retry, or dead), only if it still holds the job; in the same
    transaction as the scan's result, so a result is recorded once or not at all."""
    result = session.execute(update(ScanJob).where(ScanJob.id == job_id, ScanJob.claim == token,
                                                   ScanJob.status == JobStatus.RUNNING)
                             .values(status=status, finished_at=utcnow(), scan_id=scan_id, error=error,
                                     lease_until=None).execution_options(synchronize_session=False))
    return bool(result.rowcount)
