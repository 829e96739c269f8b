"""How distributed scanning is doing, from the database: jobs waiting, running, done per minute, dead, and the
oldest stream still due (the broker's own figures, queue depth and workers alive, come from the scale-out layer)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import ScanJob, Stream
from dashboard.enums import AuditAction, JobStatus
from dashboard.errors import Conflict, NotFound
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.scanning.scans import DUE_ORDER, due_condition
from dashboard.messages import N_

RATE_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class JobFigures:
    """Jobs by state, jobs finished per minute (last 10 minutes), and the stream waiting longest for a scan (since
    its last scan, or since it was created if never scanned)."""

    by_status: dict[str, int]
    per_minute: float
    oldest_due: datetime | None
    oldest_due_stream: str | None


def figures(session: Session, *, settings: Settings, now: datetime | None = None) -> JobFigures:
    """The scheduler's and workers' progress as the database sees it."""
    now = now or utcnow()
    counts = dict(session.execute(select(ScanJob.status, func.count()).group_by(ScanJob.status)).all())
    done = session.scalar(select(func.count()).where(ScanJob.status == JobStatus.DONE,
                                                     ScanJob.finished_at >= now - RATE_WINDOW)) or 0
    due = (select(Stream.external_id, Stream.last_scanned_at, Stream.created_at)
           .where(due_condition(settings, now)).order_by(*DUE_ORDER).limit(1))
    oldest = session.execute(due).first()
    return JobFigures({JobStatus(s).value: n for s, n in counts.items()}, round(done / RATE_WINDOW.seconds * 60, 1),
                      (oldest[1] or oldest[2]) if oldest else None, oldest[0] if oldest else None)


def dead_jobs(session: Session, *, limit: int = 50) -> pd.DataFrame:
    """Jobs that could not be scanned after every retry: stream, reason, attempts, when."""
    query = (select(ScanJob.id, Stream.external_id.label("stream"), Stream.title, ScanJob.error.label("reason"),
                    ScanJob.attempts, ScanJob.finished_at.label("at"))
             .join(Stream, Stream.id == ScanJob.stream_id).where(ScanJob.status == JobStatus.DEAD)
             .order_by(ScanJob.finished_at.desc()).limit(limit))
    return pd.DataFrame(session.execute(query).all(), columns=["id", "stream", "title", "reason", "attempts", "at"])


@dataclass(frozen=True)
class JobsPanel:
    """What the Scan flags page shows of distributed scanning, read in one unit of work."""

    figures: JobFigures
    dead: pd.DataFrame


def panel(session: Session, *, settings: Settings) -> JobsPanel:
    """The figures and the dead jobs together."""
    return JobsPanel(figures(session, settings=settings), dead_jobs(session))


def requeue_dead(session: Session, *, actor: Actor, job_id: int, reason: str) -> ScanJob:
    """Give a dead job another round of attempts (after its source was fixed); audited."""
    require(actor, Action.RUN_SCAN)
    reason = audit.require_reason(reason, purpose=N_("to scan a dead job again"))
    job = session.get(ScanJob, job_id)
    if job is None:
        raise NotFound("No scan job {job_id}.", job_id=job_id)
    if job.status != JobStatus.DEAD:
        raise Conflict("Scan job {job_id} is {status}, not dead.", job_id=job_id, status=job.status)
    before = {"status": job.status.value, "attempts": job.attempts, "error": job.error}
    job.status, job.attempts, job.published_at, job.error, job.claim = JobStatus.QUEUED, 0, None, None, None
    audit.record(session, actor=actor, action=AuditAction.SCAN_JOB_REQUEUE, entity_type="stream",
                 entity_id=job.stream_id, before=before, after={"status": job.status.value, "job_id": job.id},
                 reason=reason)
    return job
