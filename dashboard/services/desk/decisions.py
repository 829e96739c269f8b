"""The 24-hour report desk: claim the most urgent report as a lease, renew, release, decide, undo."""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.enums import (
    AuditAction, Decision, NoticeKind, ReportReason, ReportStatus, StreamState, TakedownReason, TakedownSource, Visibility,
)
from dashboard.db.models import Report, Takedown
from dashboard.errors import Conflict, InvalidInput, NotFound
from dashboard.services.access import audit
from dashboard.services.streams import lifecycle, notices
from dashboard.services.streams.moderation import make_private, restore, take_down
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.messages import N_, Phrase
from dashboard.services.desk.reports import CLOSED_WITH


class Queue(StrEnum):
    """The two queues: user reports for reviewers, escalations for compliance leads."""

    REPORTS = "reports"
    ESCALATIONS = "escalations"


QUEUE_STATUS = {Queue.REPORTS: ReportStatus.OPEN, Queue.ESCALATIONS: ReportStatus.ESCALATED}
_QUEUE_ACTION = {Queue.REPORTS: Action.DECIDE_REPORT, Queue.ESCALATIONS: Action.DECIDE_ESCALATION}
_TAKEDOWN_REASON = {ReportReason.PRIVACY: TakedownReason.PRIVACY, ReportReason.MINORS: TakedownReason.MINORS,
                    ReportReason.INDECENT: TakedownReason.INDECENT, ReportReason.OTHER: TakedownReason.OTHER}


def get_report(session: Session, *, report_id: int) -> Report:
    """A report by id, or NotFound."""
    report = session.get(Report, report_id)
    if report is None:
        raise NotFound("No report with id {report_id}.", report_id=report_id)
    return report


def claim_next(session: Session, *, actor: Actor, settings: Settings, queue: Queue = Queue.REPORTS,
               now: datetime | None = None) -> Report | None:
    """Lease the most urgent unclaimed report (priority, deadline, age) to the actor, or None if none waits.

    One UPDATE whose target row is picked by a sub-select: on PostgreSQL the sub-select takes
    FOR UPDATE SKIP LOCKED, so concurrent reviewers skip each other's rows instead of waiting;
    SQLite serialises writers, so the same statement is atomic there too.
    """
    require(actor, _QUEUE_ACTION[queue])
    now = now or utcnow()
    pick = (select(Report.id).where(Report.status == QUEUE_STATUS[queue], _free(now))
            .order_by(Report.priority, Report.sla_due_at, Report.received_at, Report.id)
            .limit(1).with_for_update(skip_locked=True).scalar_subquery())
    return _lease(session, actor=actor, target=pick, queue=queue, settings=settings, now=now)


def claim(session: Session, *, actor: Actor, report_id: int, settings: Settings, queue: Queue = Queue.REPORTS,
          now: datetime | None = None) -> Report:
    """Lease one named report (a deep link, or a claim taken again after it ran out) if nobody else holds it."""
    require(actor, _QUEUE_ACTION[queue])
    now = now or utcnow()
    report = _lease(session, actor=actor, target=report_id, queue=queue, settings=settings, now=now)
    if report is not None:
        return report
    current = get_report(session, report_id=report_id)
    if current.status != QUEUE_STATUS[queue]:
        raise Conflict("Report {external_id} is {status}, not waiting in this queue.",
                       external_id=current.external_id, status=current.status)
    holder = current.claimed_by.display_name if current.claimed_by else "someone else"
    raise Conflict("Report {external_id} is being worked on by {holder}.",
                   external_id=current.external_id, holder=holder)


def _free(now: datetime) -> ColumnElement[bool]:
    return (Report.claimed_by_id.is_(None)) | (Report.lease_expires_at <= now)


def _lease(session: Session, *, actor: Actor, target: object, queue: Queue, settings: Settings,
           now: datetime) -> Report | None:
    """Give the actor the lease on the target report if it waits in the queue and is free: one conditional UPDATE."""
    lease_until = now + timedelta(minutes=settings.claim_lease_minutes)
    # The whole row comes back with the UPDATE (one round trip fewer on the desk's most frequent write).
    report = session.scalars(
        update(Report).where(Report.id == target, Report.status == QUEUE_STATUS[queue], _free(now))
        .values(claimed_by_id=actor.id, claimed_at=now, lease_expires_at=lease_until, version=Report.version + 1,
                first_claimed_at=func.coalesce(Report.first_claimed_at, now))
        .returning(Report).execution_options(synchronize_session=False, populate_existing=True)).one_or_none()
    if report is None:
        return None
    audit.record(session, actor=actor, action=AuditAction.REPORT_CLAIM, entity_type="report", entity_id=report.id,
                 after={"lease_expires_at": lease_until, "queue": queue.value})
    return report


def held_report(session: Session, *, user_id: int, queue: Queue, now: datetime | None = None) -> int | None:
    """The report of this queue whose lease the user holds now (what the desk reopens after a reload)."""
    return session.scalar(select(Report.id).where(
        Report.claimed_by_id == user_id, Report.status == QUEUE_STATUS[queue],
        Report.lease_expires_at > (now or utcnow())).order_by(Report.claimed_at.desc()).limit(1))


def holds_lease(report: Report, *, user_id: int | None, now: datetime) -> bool:
    """Whether this user holds the report's unexpired lease on an undecided report."""
    return (report.status != ReportStatus.CLOSED and report.claimed_by_id == user_id
            and report.lease_expires_at is not None and report.lease_expires_at > now)


def _held(session: Session, *, actor: Actor, report_id: int, now: datetime) -> Report:
    """The report, if the actor holds its unexpired lease; a clear Conflict otherwise."""
    report = get_report(session, report_id=report_id)
    if holds_lease(report, user_id=actor.id, now=now):
        return report
    if report.status == ReportStatus.CLOSED:  # below: only which part of the rule failed, for the message
        raise Conflict("Report {external_id} was already decided ({decision}).", external_id=report.external_id,
                       decision=report.decision or ReportStatus.CLOSED)
    if report.claimed_by_id != actor.id:
        holder = report.claimed_by.display_name if report.claimed_by else "nobody"
        raise Conflict("You no longer hold report {external_id} (claimed by {holder}); claim the next one.",
                       external_id=report.external_id, holder=holder)
    raise Conflict("Your claim on report {external_id} ran out; it went back to the queue. Claim it again to decide "
                   "(your reason is kept).", external_id=report.external_id)


def renew(session: Session, *, actor: Actor, report_id: int, settings: Settings, now: datetime | None = None) -> Report:
    """Extend a lease the actor still holds."""
    now = now or utcnow()
    report = _held(session, actor=actor, report_id=report_id, now=now)
    report.lease_expires_at = now + timedelta(minutes=settings.claim_lease_minutes)
    _flush(session, report)
    return report


def release(session: Session, *, actor: Actor, report_id: int, reason: str, now: datetime | None = None) -> Report:
    """Hand a claimed report back to the queue (for the next shift, or another reviewer)."""
    report = _held(session, actor=actor, report_id=report_id, now=now or utcnow())
    report.claimed_by_id, report.lease_expires_at = None, None
    _flush(session, report)
    audit.record(session, actor=actor, action=AuditAction.REPORT_RELEASE, entity_type="report", entity_id=report.id,
                 reason=reason or "released")
    return report


def _expire(session: Session, report_ids: list[int]) -> None:
    """Forget cached copies of reports changed by a bulk UPDATE, so later reads see the new state."""
    for report_id in report_ids:
        cached = session.identity_map.get(session.identity_key(Report, report_id))
        if cached is not None:
            session.expire(cached)


def _flush(session: Session, report: Report) -> None:
    """Flush with the optimistic version check: a concurrent change turns into a Conflict."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict("The report was decided or changed by someone else a moment ago.") from None


def _snapshot(report: Report) -> dict[str, object]:
    return {"status": report.status.value, "decision": report.decision.value if report.decision else None,
            "stream_state": report.stream.state.value, "stream_visibility": report.stream.visibility.value}


def _close(report: Report, *, actor: Actor, decision: Decision, reason: str, now: datetime) -> None:
    report.status, report.decision, report.decision_reason = ReportStatus.CLOSED, decision, reason
    report.decided_by_id, report.decided_at, report.lease_expires_at = actor.id, now, None


def _take_down(session: Session, *, actor: Actor, report: Report, reason: str, now: datetime) -> None:
    if report.stream.state not in (StreamState.TAKEN_DOWN, StreamState.SHUT_DOWN):
        take_down(session, actor=actor, stream_id=report.stream_id, reason=_TAKEDOWN_REASON[report.reason],
                  source=TakedownSource.REPORT, note=reason, report_id=report.id)
    closed = session.execute(
        update(Report).where(Report.stream_id == report.stream_id, Report.id != report.id,
                             Report.status.in_([ReportStatus.OPEN, ReportStatus.ESCALATED]))
        .values(status=ReportStatus.CLOSED, decision=Decision.TAKE_DOWN, closed_by_report_id=report.id,
                decision_reason=str(Phrase(CLOSED_WITH, report=report.external_id)), decided_by_id=actor.id,
                decided_at=now, lease_expires_at=None, version=Report.version + 1)
        .returning(Report.id).execution_options(synchronize_session=False)).scalars().all()
    _expire(session, closed)
    for sibling in closed:
        audit.record(session, actor=actor, action=AuditAction.REPORT_CLOSE_WITH_TAKEDOWN, entity_type="report",
                     entity_id=sibling, after={"closed_by_report_id": report.id}, reason=reason)


def decide(session: Session, *, actor: Actor, report_id: int, decision: Decision | str, reason: str,
           now: datetime | None = None) -> Report:
    """Decide a report whose lease the actor holds: dismiss, take down, make private or escalate."""
    now, decision = now or utcnow(), Decision(decision)
    reason = audit.require_reason(reason, purpose=N_("for every decision"))
    report = _held(session, actor=actor, report_id=report_id, now=now)
    queue = Queue.ESCALATIONS if report.status == ReportStatus.ESCALATED else Queue.REPORTS
    require(actor, _QUEUE_ACTION[queue])
    before = _snapshot(report)
    if decision == Decision.ESCALATE:
        if queue == Queue.ESCALATIONS:
            raise InvalidInput("This report is already an escalation; dismiss it, take the stream down or make it "
                               "private.")
        report.status, report.claimed_by_id, report.lease_expires_at = ReportStatus.ESCALATED, None, None
        report.escalated_by_id, report.escalated_at, report.escalation_reason = actor.id, now, reason
    elif decision == Decision.TAKE_DOWN:
        _take_down(session, actor=actor, report=report, reason=reason, now=now)
        _close(report, actor=actor, decision=decision, reason=reason, now=now)
    else:
        if decision == Decision.MAKE_PRIVATE and report.stream.visibility == Visibility.PUBLIC:
            make_private(session, actor=actor, stream_id=report.stream_id, reason=reason,
                         told=notices.for_report(report, NoticeKind.MAKE_PRIVATE))
        _close(report, actor=actor, decision=decision, reason=reason, now=now)
    _flush(session, report)
    audit.record(session, actor=actor, action=AuditAction.REPORT_DECIDE, entity_type="report", entity_id=report.id,
                 before=before, after=_snapshot(report) | {"decision": decision.value, "queue": queue.value},
                 reason=reason)
    return report


def undo(session: Session, *, actor: Actor, report_id: int, reason: str) -> Report:
    """Reopen a decided report and reverse its effect on the stream (a lead's action, itself audited)."""
    require(actor, Action.UNDO_DECISION)
    reason = audit.require_reason(reason, purpose=N_("to undo a decision"))
    report = get_report(session, report_id=report_id)
    if report.status != ReportStatus.CLOSED or report.closed_by_report_id is not None:
        hint = f" (undo report {report.closed_by_report_id} instead)" if report.closed_by_report_id else ""
        raise Conflict("Only a report decided on its own can be undone{hint}.", hint=hint)
    before = _snapshot(report)
    undone = Phrase(N_("undo of report {report}: {reason}"), report=report.external_id, reason=reason)
    if report.decision == Decision.TAKE_DOWN:
        _undo_take_down(session, actor=actor, report=report, reason=undone)
    elif report.decision == Decision.MAKE_PRIVATE and report.stream.visibility == Visibility.PRIVATE_SHARED:
        lifecycle.move(session, actor=actor, stream=report.stream, action=AuditAction.STREAM_MAKE_PUBLIC,
                       reason=undone, visibility=Visibility.PUBLIC)
    report.status, report.decision, report.decision_reason = ReportStatus.OPEN, None, None
    report.decided_by_id, report.decided_at, report.claimed_by_id, report.lease_expires_at = None, None, None, None
    _flush(session, report)
    audit.record(session, actor=actor, action=AuditAction.REPORT_UNDO, entity_type="report", entity_id=report.id,
                 before=before, after=_snapshot(report), reason=reason)
    return report


def _undo_take_down(session: Session, *, actor: Actor, report: Report, reason: Phrase) -> None:
    takedown = session.scalar(select(Takedown).where(Takedown.report_id == report.id, Takedown.restored_at.is_(None)))
    if takedown is not None:
        restore(session, actor=actor, takedown_id=takedown.id, reason=reason)
    reopened = session.execute(
        update(Report).where(Report.closed_by_report_id == report.id)
        .values(status=ReportStatus.OPEN, decision=None, closed_by_report_id=None, decision_reason=None,
                decided_by_id=None, decided_at=None, version=Report.version + 1)
        .returning(Report.id).execution_options(synchronize_session=False)).scalars().all()
    _expire(session, reopened)
    for sibling in reopened:
        audit.record(session, actor=actor, action=AuditAction.REPORT_REOPEN, entity_type="report", entity_id=sibling,
                     after={"status": "open"}, reason=reason)
