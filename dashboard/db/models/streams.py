"""Streams and the five-step enablement that lets one go live."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.enums import (
    Category,
    CheckStatus,
    EnablementStatus,
    EnablementStep,
    PlaceType,
    StickerStatus,
    StreamState,
    Visibility,
    WelfareCertification,
)
from dashboard.db.models.people import Owner, User


class Stream(Base):
    """One camera's broadcast."""

    __tablename__ = "streams"
    __table_args__ = (
        Index("ix_streams_state_visibility_category", "state", "visibility", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[Category] = mapped_column(enum_column(Category, "stream_category"))
    place_type: Mapped[PlaceType] = mapped_column(enum_column(PlaceType, "place_type"))
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "visibility"), default=Visibility.OFF
    )
    state: Mapped[StreamState] = mapped_column(
        enum_column(StreamState, "stream_state"), default=StreamState.LIVE
    )
    source_uri: Mapped[str | None] = mapped_column(String(1000))
    welfare_certification: Mapped[WelfareCertification] = mapped_column(
        enum_column(WelfareCertification, "welfare_certification"),
        default=WelfareCertification.NOT_APPLICABLE,
    )
    welfare_certified_until: Mapped[date | None] = mapped_column(Date)
    sticker_status: Mapped[StickerStatus] = mapped_column(
        enum_column(StickerStatus, "sticker_status"), default=StickerStatus.NOT_REQUIRED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    owner: Mapped[Owner] = relationship()


class EnablementRequest(Base):
    """An owner's request to turn live broadcast on; walks the five steps in order."""

    __tablename__ = "enablement_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), index=True)
    status: Mapped[EnablementStatus] = mapped_column(
        enum_column(EnablementStatus, "enablement_status"), default=EnablementStatus.IN_PROGRESS
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(Text)

    stream: Mapped[Stream] = relationship()
    steps: Mapped[list["EnablementStepRecord"]] = relationship(
        back_populates="request", order_by="EnablementStepRecord.id"
    )


class EnablementStepRecord(Base):
    """One completed (or failed) step of an enablement request, with who verified it."""

    __tablename__ = "enablement_steps"
    __table_args__ = (UniqueConstraint("request_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("enablement_requests.id", ondelete="CASCADE"))
    step: Mapped[EnablementStep] = mapped_column(enum_column(EnablementStep, "enablement_step"))
    outcome: Mapped[CheckStatus] = mapped_column(enum_column(CheckStatus, "step_outcome"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)

    request: Mapped[EnablementRequest] = relationship(back_populates="steps")
    verified_by: Mapped[User | None] = relationship()
