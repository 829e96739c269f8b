"""Legal holds: a stream's evidence kept past its retention period until a compliance lead releases it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime
from dashboard.db.models.people import User
from dashboard.db.models.reports import Report
from dashboard.db.models.streams import Stream


class LegalHold(Base):
    """A hold on a stream (or on one report about it) that exempts the stream's evidence from purging."""

    __tablename__ = "legal_holds"
    __table_args__ = (
        Index("ix_legal_holds_active", "stream_id", sqlite_where=text("released_at IS NULL"),
              postgresql_where=text("released_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    reason: Mapped[str] = mapped_column(Text)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    release_reason: Mapped[str | None] = mapped_column(Text)

    stream: Mapped[Stream] = relationship()
    report: Mapped[Report | None] = relationship()
    placed_by: Mapped[User | None] = relationship(foreign_keys=[placed_by_id])
