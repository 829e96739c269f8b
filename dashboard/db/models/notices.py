"""Statements of reasons to owners (an outbox the worker delivers) and the owners' appeals against them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.db.models.people import Owner, User
from dashboard.db.models.streams import Stream
from dashboard.enums import AppealStatus, DeliveryState, NoticeKind, NoticeSource


class OwnerNotice(Base):
    """One decision told to the owner of a stream: what, on what ground, from which facts, how to appeal."""

    __tablename__ = "owner_notices"
    __table_args__ = (Index("ix_owner_notices_delivery", "delivery_state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)  # the platform drops duplicates by it
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"), index=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), index=True)
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind, "notice_kind"))
    ground: Mapped[str] = mapped_column(String(40))
    source: Mapped[NoticeSource] = mapped_column(enum_column(NoticeSource, "notice_source"))
    source_detail: Mapped[str | None] = mapped_column(String(80))  # detector backend or report reason
    automated: Mapped[bool] = mapped_column(Boolean)
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    appeal_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # never sent; for four eyes
    appeal_id: Mapped[int | None] = mapped_column(Integer)  # the appeal an outcome notice answers
    delivery_state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState, "delivery_state"), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    owner: Mapped[Owner] = relationship()
    stream: Mapped[Stream] = relationship()
    decided_by: Mapped[User | None] = relationship()


class Appeal(Base):
    """An owner's complaint against one notice, decided by a compliance lead who did not make the decision."""

    __tablename__ = "appeals"
    __table_args__ = (Index("ix_appeals_queue", "status", "sla_due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("owner_notices.id"), unique=True)  # one appeal per decision
    text: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sla_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[AppealStatus] = mapped_column(enum_column(AppealStatus, "appeal_status"),
                                                 default=AppealStatus.OPEN)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    notice: Mapped[OwnerNotice] = relationship()
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
