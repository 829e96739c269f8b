"""Scans of a stream, their per-frame observations, and the flags they raise."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, JSON, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.enums import FlagKind, FlagStatus, ScanStatus, Verdict
from dashboard.db.models.people import User
from dashboard.db.models.streams import Stream


class Scan(Base):
    """One run of the detectors over a window of a stream."""

    __tablename__ = "scans"
    __table_args__ = (
        Index("ix_scans_stream_id_started_at", "stream_id", "started_at"),
        # A scan lease: at most one running scan per stream, whatever number of workers race for it.
        Index("uq_scans_one_running", "stream_id", unique=True, sqlite_where=text("status = 'running'"),
              postgresql_where=text("status = 'running'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[ScanStatus] = mapped_column(
        enum_column(ScanStatus, "scan_status"), default=ScanStatus.RUNNING
    )
    frames_sampled: Mapped[int] = mapped_column(Integer, default=0)
    people_peak: Mapped[int] = mapped_column(Integer, default=0)
    tracks_per_minute: Mapped[float] = mapped_column(Float, default=0.0)
    frames_with_people: Mapped[float] = mapped_column(Float, default=0.0)
    median_dwell_seconds: Mapped[float | None] = mapped_column(Float)
    faces_total: Mapped[int] = mapped_column(Integer, default=0)
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, "verdict"), default=Verdict.UNKNOWN)
    degraded: Mapped[bool] = mapped_column(Boolean, default=False)
    detectors: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(Integer, unique=True)  # one scan per distributed scan job

    stream: Mapped[Stream] = relationship()


class Observation(Base):
    """Counts for one sampled frame of a scan, with an anonymised evidence frame if kept."""

    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("scan_id", "frame_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    frame_index: Mapped[int] = mapped_column(Integer)
    t_seconds: Mapped[float] = mapped_column(Float)
    people: Mapped[int] = mapped_column(Integer, default=0)
    tracks: Mapped[int] = mapped_column(Integer, default=0)
    faces: Mapped[int] = mapped_column(Integer, default=0)
    evidence_path: Mapped[str | None] = mapped_column(String(500))


class Flag(Base):
    """A reason to look at a stream, raised by a scan, for a reviewer to confirm or dismiss."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), index=True)
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id"))
    kind: Mapped[FlagKind] = mapped_column(enum_column(FlagKind, "flag_kind"))
    status: Mapped[FlagStatus] = mapped_column(
        enum_column(FlagStatus, "flag_status"), default=FlagStatus.OPEN
    )
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_reason: Mapped[str | None] = mapped_column(Text)

    stream: Mapped[Stream] = relationship()
    scan: Mapped[Scan | None] = relationship()
    resolved_by: Mapped[User | None] = relationship()
