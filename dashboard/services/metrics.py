"""Wind-down metrics as pandas DataFrames, and the shutdown-readiness checklist."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.db.base import utcnow
from dashboard.db.enums import (
    MERCHANT_CATEGORIES, WELFARE_CATEGORIES, Category, PlaceType, ReportStatus, StickerStatus, StreamState,
    Visibility, WelfareCertification,
)
from dashboard.db.models import Report, Stream, Takedown

FOOT_TRAFFIC_PLACES = (PlaceType.SHOP, PlaceType.RESTAURANT, PlaceType.STREET, PlaceType.SQUARE)


def takedowns_per_day(session: Session, *, since: datetime, until: datetime | None = None) -> pd.DataFrame:
    """Takedowns (not restored) per UTC day, by reason and source."""
    query = select(Takedown.created_at, Takedown.reason, Takedown.source).where(
        Takedown.created_at >= since, Takedown.restored_at.is_(None))
    if until is not None:
        query = query.where(Takedown.created_at < until)
    frame = pd.DataFrame(session.execute(query).all(), columns=["created_at", "reason", "source"])
    if frame.empty:
        return pd.DataFrame(columns=["day", "reason", "source", "takedowns"])
    frame["day"] = pd.to_datetime(frame["created_at"], utc=True).dt.tz_convert(None).dt.normalize()
    frame["reason"] = frame["reason"].astype(str)
    frame["source"] = frame["source"].astype(str)
    return frame.groupby(["day", "reason", "source"]).size().reset_index(name="takedowns")


def public_live_by_category(session: Session) -> pd.DataFrame:
    """Public live streams per category now."""
    query = (select(Stream.category, func.count(Stream.id))
             .where(Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC)
             .group_by(Stream.category))
    rows = [(c.value, n) for c, n in session.execute(query).all()]
    return pd.DataFrame(rows, columns=["category", "streams"]).sort_values("streams", ascending=False)


@dataclass(frozen=True)
class ChecklistItem:
    """One shutdown-readiness condition: green when count is zero."""

    key: str
    label: str
    count: int
    page: str

    @property
    def ok(self) -> bool:
        """Whether this condition is met."""
        return self.count == 0


def _count(session: Session, *conditions: object, model: type = Stream) -> int:
    return session.scalar(select(func.count(model.id)).where(*conditions)) or 0


def readiness(session: Session, *, now: datetime | None = None, escalation_sla: timedelta = timedelta(hours=24)) -> list[ChecklistItem]:
    """The shutdown-readiness checklist, one count per condition."""
    now = now or utcnow()
    live_public = (Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC)
    live = Stream.state == StreamState.LIVE
    active_reports = Report.status.in_([ReportStatus.OPEN, ReportStatus.ESCALATED])
    return [
        ChecklistItem("foot_traffic", "Public foot-traffic streams still live",
                      _count(session, *live_public, Stream.place_type.in_(FOOT_TRAFFIC_PLACES),
                             Stream.category.not_in(WELFARE_CATEGORIES)), "scan_flags"),
        ChecklistItem("campus_public", "Campus streams still public",
                      _count(session, *live_public, Stream.category == Category.CAMPUS), "campus_streams"),
        ChecklistItem("sticker", "Live merchant streams without a verified sticker",
                      _count(session, live, Stream.visibility != Visibility.OFF, Stream.category.in_(MERCHANT_CATEGORIES),
                             Stream.sticker_status != StickerStatus.VERIFIED), "consent_stickers"),
        ChecklistItem("welfare", "Live welfare streams not certified or overdue",
                      _count(session, live, Stream.visibility != Visibility.OFF, Stream.category.in_(WELFARE_CATEGORIES),
                             (Stream.welfare_certification != WelfareCertification.CERTIFIED)
                             | (Stream.welfare_certified_until < now.date())), "welfare_audits"),
        ChecklistItem("backlog", "Open reports past their SLA deadline",
                      _count(session, active_reports, Report.sla_due_at < now, model=Report), "report_queue"),
        ChecklistItem("escalations", "Escalations open longer than their SLA",
                      _count(session, Report.status == ReportStatus.ESCALATED,
                             Report.escalated_at < now - escalation_sla, model=Report), "escalations"),
    ]
