"""Report priorities, SLA deadlines, and read-only views of the report queue."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.enums import ReportReason, ReportStatus
from dashboard.db.models import Report, Stream, User
from dashboard.messages import N_, Phrase
from dashboard.services.tables.dataframes import query_frame
from dashboard.services.refs import by_visible_id
from dashboard.services.tables.records import ReportRecord

URGENT, HIGH, NORMAL = 1, 2, 3
PRIORITY_NAMES = {URGENT: "urgent", HIGH: "high", NORMAL: "normal"}
_REASON_PRIORITY = {ReportReason.PRIVACY: URGENT, ReportReason.MINORS: URGENT,
                    ReportReason.INDECENT: HIGH, ReportReason.OTHER: NORMAL}


def priority_for(reason: ReportReason, *, earlier_open_reports: int = 0) -> int:
    """Privacy and minors first; repeated reports on one stream raise the priority one step."""
    base = _REASON_PRIORITY[ReportReason(reason)]
    return max(URGENT, base - 1) if earlier_open_reports >= 2 else base


def sla_deadline(received_at: datetime, priority: int, settings: Settings) -> datetime:
    """When a report of this priority must be decided by."""
    hours = {URGENT: settings.sla_hours_urgent, HIGH: settings.sla_hours_high,
             NORMAL: settings.sla_hours_normal}[priority]
    return received_at + timedelta(hours=hours)


def queue_overview(session: Session, *, now: datetime | None = None,
                   statuses: tuple[ReportStatus, ...] = (ReportStatus.OPEN, ReportStatus.ESCALATED)) -> pd.DataFrame:
    """Open reports per priority: waiting, claimed, breached, oldest received."""
    now = now or utcnow()
    active = Report.status.in_(statuses)
    claimed = (Report.claimed_by_id.is_not(None)) & (Report.lease_expires_at > now)
    query = (
        select(
            Report.priority,
            func.count(Report.id).label("open"),
            func.sum(case((claimed, 1), else_=0)).label("claimed"),
            func.sum(case((Report.sla_due_at < now, 1), else_=0)).label("breached"),
            func.min(Report.received_at).label("oldest"),
        )
        .where(active)
        .group_by(Report.priority)
        .order_by(Report.priority)
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["priority", "open", "claimed", "breached", "oldest"])
    frame.insert(1, "level", frame["priority"].map(PRIORITY_NAMES))
    return frame




DUE_SOON = timedelta(minutes=15)
CALLING_LIMIT = 500


@dataclass(frozen=True)
class Calling:
    """A waiting, unclaimed report the desk calls reviewers to: urgent (privacy, minors) or due within DUE_SOON."""

    id: int
    external_id: str
    urgent: bool
    due_soon: bool


def calling_reports(session: Session, *, statuses: tuple[ReportStatus, ...], now: datetime | None = None,
                    limit: int = CALLING_LIMIT) -> list[Calling]:
    """The reports that should call a reviewer now, most urgent first (the desk toasts the ones it had not seen)."""
    now = now or utcnow()
    free = (Report.claimed_by_id.is_(None)) | (Report.lease_expires_at <= now)
    due_soon = Report.sla_due_at <= now + DUE_SOON
    rows = session.execute(
        select(Report.id, Report.external_id, Report.priority, case((due_soon, 1), else_=0).label("soon"))
        .where(Report.status.in_(statuses), free, (Report.priority == URGENT) | due_soon)
        .order_by(Report.priority, Report.sla_due_at, Report.id).limit(limit)).all()
    return [Calling(row.id, row.external_id, row.priority == URGENT, bool(row.soon)) for row in rows]


CLOSED_WITH = N_("stream taken down on report {report}")  # the reason of a report closed by another's takedown


def stream_reports(session: Session, *, stream_id: int, exclude: int | None = None, limit: int = 20) -> pd.DataFrame:
    """A stream's reports, newest first, with their decisions (the reviewer's context)."""
    closing = aliased(Report)
    query = (select(Report.id, Report.received_at, Report.reason, Report.status, Report.decision,
                    Report.decided_at, Report.decision_reason, closing.external_id.label("closed_with"))
             .outerjoin(closing, closing.id == Report.closed_by_report_id)
             .where(Report.stream_id == stream_id, Report.id != (exclude or -1))
             .order_by(Report.received_at.desc()).limit(limit))
    frame = query_frame(session, query)
    if len(frame):  # a report closed with another's takedown says so in the reader's words, not the stored English
        frame["decision_reason"] = pd.Series([Phrase(CLOSED_WITH, report=other) if isinstance(other, str) else reason
                                              for reason, other in zip(frame["decision_reason"], frame["closed_with"])],
                                             index=frame.index, dtype=object)
    return frame.drop(columns=["closed_with"])


def report_by_ref(session: Session, *, ref: str) -> Report:
    """A report by the id people see (its external id, e.g. rep-0002285) or, for operators, its row number."""
    return by_visible_id(session, Report, ref, noun="report")


@dataclass(frozen=True)
class DecidedRow:
    """A decided report a lead may undo, named as people see it."""

    id: int
    external_id: str
    decision: str
    stream: str
    decided_at: datetime | None
    decided_by: str


def undoable_reports(session: Session, *, limit: int = 200) -> list[DecidedRow]:
    """Reports decided on their own (not closed along with another), newest first."""
    decider = aliased(User)
    query = (select(Report.id, Report.external_id, Report.decision, Stream.external_id, Stream.title,
                    Report.decided_at, decider.display_name)
             .join(Stream, Stream.id == Report.stream_id).outerjoin(decider, decider.id == Report.decided_by_id)
             .where(Report.status == ReportStatus.CLOSED, Report.closed_by_report_id.is_(None))
             .order_by(Report.decided_at.desc(), Report.id.desc()).limit(limit))
    return [DecidedRow(i, ext, decision.value if decision else "closed", f"{stream} · {title}", at, who or "system")
            for i, ext, decision, stream, title, at, who in session.execute(query)]


def new_report(session: Session, *, record: ReportRecord, stream_id: int, settings: Settings) -> Report:
    """A new open report with its priority (raised by earlier open reports on the stream) and SLA deadline."""
    earlier = session.scalar(select(func.count(Report.id)).where(
        Report.stream_id == stream_id, Report.status != ReportStatus.CLOSED)) or 0
    priority = priority_for(record.reason, earlier_open_reports=earlier)
    report = Report(external_id=record.external_id, stream_id=stream_id, reason=record.reason, text=record.text,
                    received_at=record.received_at, priority=priority,
                    sla_due_at=sla_deadline(record.received_at, priority, settings), status=ReportStatus.OPEN)
    session.add(report)
    session.flush()
    return report
