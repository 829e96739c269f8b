"""What appeals say about the decisions: received, decided within SLA, and overturn rates by source.

An overturned appeal against a scan flag's decision is a measured false positive of the scan: the list of them
is the detector's own error set (exported for the blur and count audits).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.db.models import Appeal, OwnerNotice, Stream
from dashboard.enums import AppealStatus, NoticeSource
from dashboard.services.tables.dataframes import query_frame


@dataclass(frozen=True)
class AppealFigures:
    """Appeals received, decided, decided within their SLA, overturned, and still open (overdue among them)."""

    received: int
    decided: int
    within_sla: int
    overturned: int
    open: int
    overdue: int

    @property
    def overturn_rate(self) -> float | None:
        """Share of decided appeals that were overturned."""
        return self.overturned / self.decided if self.decided else None


def appeal_figures(session: Session, *, now: datetime | None = None) -> AppealFigures:
    """The appeals' headline numbers, in one pass."""
    now = now or utcnow()
    decided = Appeal.status != AppealStatus.OPEN
    row = session.execute(select(
        func.count(Appeal.id),
        func.count(case((decided, 1))),
        func.count(case((decided & (Appeal.decided_at <= Appeal.sla_due_at), 1))),
        func.count(case((Appeal.status == AppealStatus.OVERTURNED, 1))),
        func.count(case((~decided, 1))),
        func.count(case((~decided & (Appeal.sla_due_at < now), 1))))).one()
    return AppealFigures(*row)


def overturn_rates(session: Session) -> pd.DataFrame:
    """Decided appeals and overturns by the decision's source and its detail (detector backend, report reason)."""
    frame = query_frame(session, select(
        OwnerNotice.source.label("source"), func.coalesce(OwnerNotice.source_detail, "—").label("detail"),
        func.count(Appeal.id).label("decided"),
        func.count(case((Appeal.status == AppealStatus.OVERTURNED, 1))).label("overturned"))
        .join(OwnerNotice, OwnerNotice.id == Appeal.notice_id).where(Appeal.status != AppealStatus.OPEN)
        .group_by(OwnerNotice.source, OwnerNotice.source_detail).order_by(OwnerNotice.source))
    frame["overturn_rate"] = (frame["overturned"] / frame["decided"]).round(3) if len(frame) else []
    return frame


def overturned_scan_flags(session: Session) -> pd.DataFrame:
    """Scan decisions an appeal overturned: the scan's measured false positives, with its numbers."""
    rows = session.execute(select(Appeal.external_id, Appeal.decided_at, Stream.external_id, OwnerNotice.facts)
                           .join(OwnerNotice, OwnerNotice.id == Appeal.notice_id)
                           .join(Stream, Stream.id == OwnerNotice.stream_id)
                           .where(Appeal.status == AppealStatus.OVERTURNED,
                                  OwnerNotice.source == NoticeSource.SCAN_FLAG)
                           .order_by(Appeal.decided_at.desc())).all()
    keys = ("scan_id", "detector", "people_peak", "people_per_minute", "share_of_frames_with_people")
    return pd.DataFrame([{"appeal": appeal, "overturned_at": at, "stream": stream} | {k: facts.get(k) for k in keys}
                         for appeal, at, stream, facts in rows],
                        columns=["appeal", "overturned_at", "stream", *keys])

