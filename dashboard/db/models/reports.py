"""User reports from the report button, rejected intake records, and shift hand-over notes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.enums import Decision, HourMetric, ReportReason, ReportStatus
from dashboard.db.models.people import User
from dashboard.db.models.streams import Stream


class Report(Base):
    """A report about a stream, with its claim lease and its decision."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
        # The claim-next query: open work ordered by urgency.
        Index("ix_reports_queue", "status", "priority", "sla_due_at", "received_at"),
        Index("ix_reports_stream_id_status", "stream_id", "status"),
        # Covering indexes: the manager page's hour-of-day aggregates run as index-only scans on PostgreSQL.
        Index("ix_reports_received_at", "received_at",
              postgresql_include=["priority", "decided_at", "sla_due_at"]),
        Index("ix_reports_decided_at", "decided_at", postgresql_include=["decided_by_id", "closed_by_report_id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"))
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason, "report_reason"))
    text: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    priority: Mapped[int] = mapped_column(SmallInteger)
    sla_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[ReportStatus] = mapped_column(
        enum_column(ReportStatus, "report_status"), default=ReportStatus.OPEN
    )
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalation_reason: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision, "report_decision"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    stream: Mapped[Stream] = relationship()
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class ReportHourCount(Base):
    """Reports counted per UTC hour, kept current by triggers on reports (migration 0007); never written here.

    The manager page reads these few thousand rows instead of aggregating a million reports. Keys that do
    not apply to a metric are 0: no reviewer for RECEIVED, no priority for DECIDED. Rows keyed by reviewer
    mean concurrent decisions by different reviewers never update the same row.
    """

    __tablename__ = "report_hour_counts"

    metric: Mapped[HourMetric] = mapped_column(enum_column(HourMetric, "hour_metric"), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True)  # whole hours since 1970-01-01T00:00Z
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class IntakeRejection(Base):
    """A report-intake record that could not be accepted, kept with its reason."""

    __tablename__ = "intake_rejections"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(500))
    line_no: Mapped[int] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)  # in English, for exports and logs
    reason_phrase: Mapped[dict | None] = mapped_column(JSON)  # its template and values, said in the reader's language
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class HandoverNote(Base):
    """A note from one shift of the report desk to the next."""

    __tablename__ = "handover_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    body: Mapped[str] = mapped_column(Text)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(foreign_keys=[author_id])


class PresetReason(Base):
    """A ready-made reason a reviewer can pick for a decision (compliance leads edit the list)."""

    __tablename__ = "preset_reasons"
    __table_args__ = (Index("ix_preset_reasons_decision", "decision", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, "preset_decision"))
    text: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)


class DecisionDraft(Base):
    """What a reviewer chose and typed for a report before recording it: survives reloads, expiry and refusals."""

    __tablename__ = "decision_drafts"
    __table_args__ = (UniqueConstraint("user_id", "report_id", name="uq_decision_drafts_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision, "draft_decision"))
    preset: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
