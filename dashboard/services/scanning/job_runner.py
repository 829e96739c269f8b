"""Run one scan job: claim it, scan its stream while renewing the lease, and record the scan and the job's end in
one transaction (a redelivered job finds it done; an attempt that lost its lease records nothing)."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import Scan, ScanJob, Stream
from dashboard.enums import JobStatus, ScanStatus, StreamState
from dashboard.db.session import UnitOfWork
from dashboard.errors import ScanFailed
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.scanning import jobs
from dashboard.services.scanning.runs import detect, fail_interrupted, record_scan
from dashboard.services.scanning.scans import stream_scan_config


@dataclass(frozen=True)
class JobResult:
    """How an attempt ended: done (scan_id), failed (error, token to end the job), skipped, or wait (seconds)."""

    action: str
    scan_id: int | None = None
    error: str | None = None
    token: str | None = None
    wait_seconds: float = 0.0


class _LeaseLost(Exception):
    """Another worker took the job over (this one stalled past its lease): stop and record nothing."""


def _job_scan(session: Session, *, job_id: int, stream: Stream, settings: Settings) -> Scan | None:
    """The job's one scan row: the earlier attempt's, started again, or a new one (None: the stream is busy)."""
    scan = session.scalar(select(Scan).where(Scan.job_id == job_id))
    if scan is not None:
        scan.status, scan.started_at, scan.finished_at, scan.error = ScanStatus.RUNNING, utcnow(), None, None
        return scan
    fail_interrupted(session, older_than=timedelta(minutes=settings.scan_lease_minutes), stream_id=stream.id)
    scan = Scan(stream_id=stream.id, job_id=job_id, started_at=utcnow(), status=ScanStatus.RUNNING)
    try:
        with session.begin_nested():
            session.add(scan)
    except IntegrityError:  # a scan from a page or the in-process worker is running on this stream
        return None
    return scan


def _heartbeat(uow: UnitOfWork, job_id: int, token: str, lease: timedelta,
               on_frame: Callable[[int], None] | None) -> Callable[[int], None]:
    """A frame callback that renews the job's lease every quarter lease (and stops the scan if it was lost)."""
    last = [time.monotonic()]

    def beat(index: int) -> None:
        if time.monotonic() - last[0] >= lease.total_seconds() / 4:
            with uow() as session:
                if not jobs.renew(session, job_id=job_id, token=token, lease=lease):
                    raise _LeaseLost
            last[0] = time.monotonic()
        if on_frame:
            on_frame(index)
    return beat


def _start(uow: UnitOfWork, *, job_id: int, settings: Settings, worker: str) -> tuple[JobResult | None, dict]:
    """Claim the job and open its scan; returns an early result (skip, wait, done) or what the scan needs."""
    with uow() as session:
        taken = jobs.claim(session, job_id=job_id, worker=worker, lease=timedelta(seconds=settings.job_lease_seconds))
        if taken.action != "run":
            return JobResult("wait" if taken.action == "wait" else "skipped", wait_seconds=taken.wait_seconds), {}
        stream = session.get_one(Stream, taken.stream_id)
        if stream.state != StreamState.LIVE or not stream.source_uri:
            jobs.finish(session, job_id=job_id, token=taken.token, status=JobStatus.DONE,
                        error="the stream is no longer live; nothing to scan")
            return JobResult("skipped"), {}
        scan = _job_scan(session, job_id=job_id, stream=stream, settings=settings)
        if scan is None:
            jobs.finish(session, job_id=job_id, token=taken.token, status=JobStatus.FAILED,
                        error="another scan of this stream is running")
            return JobResult("wait", wait_seconds=30.0), {}
        config = stream_scan_config(settings, stream)
        return None, {"scan_id": scan.id, "uri": stream.source_uri, "config": config, "token": taken.token}


def run_job(uow: UnitOfWork, *, job_id: int, settings: Settings, worker: str,
            on_frame: Callable[[int], None] | None = None) -> JobResult:
    """One attempt at a scan job (the caller retries a failed one or ends it as dead)."""
    early, run = _start(uow, job_id=job_id, settings=settings, worker=worker)
    if early is not None:
        return early
    scan_id, token, lease = run["scan_id"], run["token"], timedelta(seconds=settings.job_lease_seconds)
    try:
        outcome = detect(uow, scan_id=scan_id, uri=run["uri"], config=run["config"], settings=settings,
                         on_frame=_heartbeat(uow, job_id, token, lease, on_frame))
    except ScanFailed as error:
        return JobResult("failed", scan_id, error=str(error), token=token)
    except _LeaseLost:
        return JobResult("skipped", scan_id)
    try:
        with uow() as session:
            if not jobs.finish(session, job_id=job_id, token=token, status=JobStatus.DONE, scan_id=scan_id):
                raise _LeaseLost
            record_scan(session, actor=SYSTEM, scan_id=scan_id, outcome=outcome, settings=settings)
    except _LeaseLost:
        return JobResult("skipped", scan_id)
    return JobResult("done", scan_id)


MAX_RETRY_DELAY = 3600.0


def end_failed(uow: UnitOfWork, *, job_id: int, token: str, error: str, settings: Settings) -> float | None:
    """End a failed attempt: failed, with the seconds to wait before the next (the backoff doubles from
    scan_retry_backoff_seconds, at most an hour), or dead (None) once the attempts exceed scan_retries, with its
    reason for the Scan flags page. The one retry policy: the Celery task only waits as told."""
    with uow() as session:
        attempts = session.get_one(ScanJob, job_id).attempts
        final = attempts > settings.scan_retries
        jobs.finish(session, job_id=job_id, token=token, status=JobStatus.DEAD if final else JobStatus.FAILED,
                    error=error)
    return None if final else min(MAX_RETRY_DELAY, settings.scan_retry_backoff_seconds * 2 ** (attempts - 1))
