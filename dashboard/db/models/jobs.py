"""Distributed scanning: one scan job per stream and time window, and the scheduler's leadership lease."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.enums import JobStatus
from dashboard.db.models.streams import Stream


class ScanJob(Base):
    """Scan this stream for this window: enqueued once (the unique key), run by one worker at a time (the lease),
    its result recorded once (the job and its scan commit together)."""

    __tablename__ = "scan_jobs"
    __table_args__ = (
        UniqueConstraint("stream_id", "window_start", name="uq_scan_jobs_stream_window"),
        Index("ix_scan_jobs_status_enqueued_at", "status", "enqueued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, "job_status"), default=JobStatus.QUEUED)
    queue: Mapped[str] = mapped_column(String(40), default="default")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim: Mapped[str | None] = mapped_column(String(80))  # who holds the lease: host, process and attempt
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id"))
    error: Mapped[str | None] = mapped_column(Text)

    stream: Mapped[Stream] = relationship()


class SchedulerLease(Base):
    """Which scheduler may enqueue now (the others wait): a row per role, held until expires_at."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
