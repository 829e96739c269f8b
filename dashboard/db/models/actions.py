"""Takedowns (reversible by an audited restore), the append-only audit log, and the full shutdown."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.enums import ShutdownStatus, StreamState, TakedownReason, TakedownSource, Visibility
from dashboard.db.models.people import User
from dashboard.db.models.streams import Stream


class Takedown(Base):
    """A stream taken offline: why, by what route, by whom; reversible by a restore."""

    __tablename__ = "takedowns"
    __table_args__ = (Index("ix_takedowns_created_at_reason", "created_at", "reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), index=True)
    reason: Mapped[TakedownReason] = mapped_column(enum_column(TakedownReason, "takedown_reason"))
    source: Mapped[TakedownSource] = mapped_column(enum_column(TakedownSource, "takedown_source"))
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flags.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What the stream was before, so a restore puts it back exactly.
    previous_state: Mapped[StreamState] = mapped_column(enum_column(StreamState, "previous_state"))
    previous_visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, "previous_visibility"))
    restored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    restored_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    restore_reason: Mapped[str | None] = mapped_column(Text)

    stream: Mapped[Stream] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class AuditEvent(Base):
    """Append-only record of one state change: who, what, on which entity, before/after, why."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_entity", "entity_type", "entity_id"),
        Index("ix_audit_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class ShutdownRequest(Base):
    """The full shutdown of live broadcasting: requested by one manager, confirmed by a second."""

    __tablename__ = "shutdown_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[ShutdownStatus] = mapped_column(enum_column(ShutdownStatus, "shutdown_status"),
                                                   default=ShutdownStatus.PENDING)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    override_reason: Mapped[str | None] = mapped_column(Text)
    checklist: Mapped[dict] = mapped_column(JSON, default=dict)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    streams_shut_down: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_reason: Mapped[str | None] = mapped_column(Text)

    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
