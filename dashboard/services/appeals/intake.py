"""Appeal intake from the platform: files like the reports' (CSV or JSON lines), idempotent on the platform's id.

A record is set aside with its reason when its notice is unknown, the decision already has an appeal, the window
to appeal has closed, the notice tells of something that cannot be appealed, or its text is too long.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.db.models import Appeal, OwnerNotice
from dashboard.enums import AppealStatus, AuditAction
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.tables.records import AppealRecord, validate_records
from dashboard.services.desk.intake import IntakeSummary, intake_file, reject_lines


def intake_appeals(session: Session, *, actor: Actor, text: str, fmt: str, source: str,
                   settings: Settings) -> IntakeSummary:
    """Keep every valid appeal (a second copy of one already kept is skipped); record each bad one with why."""
    require(actor, Action.IMPORT_DATA)
    records, problems = validate_records(text, kind="appeals", fmt=fmt)
    notices = {n.public_id: n for n in session.scalars(select(OwnerNotice).where(
        OwnerNotice.public_id.in_({r.notice_id for _, r in records})))}
    known = dict(session.execute(select(Appeal.external_id, Appeal.notice_id).where(
        Appeal.external_id.in_([r.external_id for _, r in records]))).all())
    taken = dict(session.execute(select(Appeal.notice_id, Appeal.external_id).where(
        Appeal.notice_id.in_([n.id for n in notices.values()]))).all())
    summary = IntakeSummary(source=source)
    good = []
    for number, record in records:
        if record.external_id in known:
            summary.skipped_existing += 1
        elif problem := _problem(record, notices.get(record.notice_id), taken, settings):
            problems.append((number, problem))
        else:
            taken[notices[record.notice_id].id] = record.external_id
            good.append(record)
    summary.rejected = sorted(problems)
    reject_lines(session, source=source, text=text, problems=summary.rejected)
    for record in good:
        _keep(session, actor=actor, record=record, notice=notices[record.notice_id], settings=settings, source=source)
        summary.created += 1
    return summary


def _problem(record: AppealRecord, notice: OwnerNotice | None, taken: dict[int, str], settings: Settings) -> str | None:
    if notice is None:
        return f"unknown notice {record.notice_id!r}"
    if notice.appeal_until is None:
        return f"notice {record.notice_id} tells of an appeal's outcome, which cannot be appealed again"
    if notice.id in taken:
        return f"the decision of notice {record.notice_id} already has an appeal ({taken[notice.id]})"
    if record.received_at > notice.appeal_until:
        return f"the window to appeal ended at {notice.appeal_until.isoformat()}"
    if len(record.text) > settings.appeal_max_chars:
        return f"text is {len(record.text)} characters; at most {settings.appeal_max_chars}"
    return None


def _keep(session: Session, *, actor: Actor, record: AppealRecord, notice: OwnerNotice, settings: Settings,
          source: str) -> Appeal:
    appeal = Appeal(external_id=record.external_id, notice_id=notice.id, text=record.text,
                    received_at=record.received_at,
                    sla_due_at=record.received_at + timedelta(hours=settings.appeal_sla_hours),
                    status=AppealStatus.OPEN)
    session.add(appeal)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.APPEAL_INTAKE, entity_type="appeal", entity_id=appeal.id,
                 after={"external_id": appeal.external_id, "notice": notice.public_id, "source": source,
                        "sla_due_at": appeal.sla_due_at})
    return appeal


def intake_any_file(session: Session, *, actor: Actor, path: Path, settings: Settings,
                    appeals: bool = False) -> IntakeSummary:
    """One inbox file: appeals when told so or its name starts with 'appeal', reports otherwise."""
    appeal_file = appeals or path.name.lower().startswith("appeal")
    return intake_file(session, actor=actor, path=path, settings=settings, take=intake_appeals if appeal_file else None)
