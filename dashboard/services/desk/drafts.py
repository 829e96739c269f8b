"""Decision drafts: what a reviewer chose and typed for a report, kept in the database until it is recorded."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.db.models import DecisionDraft, Report
from dashboard.enums import Decision
from dashboard.services.desk.decisions import QUEUE_STATUS, Queue


@dataclass(frozen=True)
class Draft:
    """A draft as the desk shows it."""

    decision: Decision | None = None
    preset: str | None = None
    note: str | None = None


def load_draft(session: Session, *, user_id: int, report_id: int) -> Draft:
    """The user's draft for a report (empty if none)."""
    row = session.scalar(select(DecisionDraft).where(DecisionDraft.user_id == user_id,
                                                     DecisionDraft.report_id == report_id))
    return Draft(row.decision, row.preset, row.note) if row else Draft()


def save_draft(session: Session, *, user_id: int, report_id: int, draft: Draft) -> None:
    """Keep the user's draft for a report (one row per user and report)."""
    row = session.scalar(select(DecisionDraft).where(DecisionDraft.user_id == user_id,
                                                     DecisionDraft.report_id == report_id))
    if row is None:
        row = DecisionDraft(user_id=user_id, report_id=report_id)
        session.add(row)
    row.decision, row.preset, row.note, row.updated_at = draft.decision, draft.preset, draft.note, utcnow()


def drop_draft(session: Session, *, user_id: int, report_id: int) -> None:
    """Forget a draft (the decision was recorded, or the reviewer left the report)."""
    session.execute(delete(DecisionDraft).where(DecisionDraft.user_id == user_id,
                                                DecisionDraft.report_id == report_id))


def drafted_report(session: Session, *, user_id: int, queue: Queue) -> int | None:
    """The latest undecided report of the queue the user has a draft for (a claim that ran out before a reload)."""
    return session.scalar(select(DecisionDraft.report_id).join(Report, Report.id == DecisionDraft.report_id).where(
        DecisionDraft.user_id == user_id, Report.status == QUEUE_STATUS[queue]).order_by(
        DecisionDraft.updated_at.desc()).limit(1))
