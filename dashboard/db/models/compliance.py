"""Consent stickers, welfare audits and campus sharing passwords."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.enums import (
    Category,
    StickerStatus,
    StickerVerificationOutcome,
    VerificationMethod,
    WelfareDecision,
)
from dashboard.db.models.people import User
from dashboard.db.models.streams import Stream


class ConsentSticker(Base):
    """A signed consent-notice token issued to a merchant's stream, printed as a QR sticker."""

    __tablename__ = "consent_stickers"

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), index=True)
    token_id: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[StickerStatus] = mapped_column(enum_column(StickerStatus, "consent_sticker_status"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verification_method: Mapped[VerificationMethod | None] = mapped_column(
        enum_column(VerificationMethod, "sticker_verification_method")
    )
    evidence_path: Mapped[str | None] = mapped_column(String(500))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    stream: Mapped[Stream] = relationship()


class StickerVerification(Base):
    """One attempt to verify a stream's sticker, automatic or manual, and its outcome."""

    __tablename__ = "sticker_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), index=True)
    sticker_id: Mapped[int | None] = mapped_column(ForeignKey("consent_stickers.id"))
    method: Mapped[VerificationMethod] = mapped_column(
        enum_column(VerificationMethod, "verification_method")
    )
    outcome: Mapped[StickerVerificationOutcome] = mapped_column(
        enum_column(StickerVerificationOutcome, "verification_outcome")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    evidence_path: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)


class WelfareAudit(Base):
    """A compliance lead's decision on a welfare stream."""

    __tablename__ = "welfare_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), index=True)
    auditor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decision: Mapped[WelfareDecision] = mapped_column(enum_column(WelfareDecision, "welfare_decision"))
    new_category: Mapped[Category | None] = mapped_column(enum_column(Category, "audit_new_category"))
    reason: Mapped[str] = mapped_column(Text)
    evidence_path: Mapped[str | None] = mapped_column(String(500))
    next_due_on: Mapped[date | None] = mapped_column(Date)
    spot_check: Mapped[bool] = mapped_column(Boolean, default=False)

    stream: Mapped[Stream] = relationship()
    auditor: Mapped[User] = relationship()


class CampusShare(Base):
    """A campus stream's private-sharing password (hashed) and its attempt counters."""

    __tablename__ = "campus_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    successful_views: Mapped[int] = mapped_column(Integer, default=0)

    stream: Mapped[Stream] = relationship()


class CampusTeacher(Base):
    """A per-school grant: this user may set the viewing passwords of this school's campus streams."""

    __tablename__ = "campus_teachers"
    __table_args__ = (UniqueConstraint("user_id", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id", ondelete="CASCADE"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
