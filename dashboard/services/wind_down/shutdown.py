"""Shutdown readiness checklist and the two-person full shutdown of live broadcasting."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import (
    AuditAction,
    FOOT_TRAFFIC_PLACES, MERCHANT_CATEGORIES, WELFARE_CATEGORIES, Category, ReportStatus, ShutdownStatus, StickerStatus,
    StreamState, TakedownReason, TakedownSource, Visibility, WelfareCertification,
)
from dashboard.db.models import Owner, Report, ShutdownRequest, Stream, Takedown
from dashboard.errors import Conflict, NotFound
from dashboard.messages import N_, Phrase
from dashboard.services.access import audit
from dashboard.services.streams import lifecycle, notices
from dashboard.services.access.permissions import Action, Actor, require

ESCALATION_SLA = timedelta(hours=24)


@dataclass(frozen=True)
class ChecklistItem:
    """One shutdown-readiness condition: green when its count is zero."""

    key: str
    label: str
    count: int
    page: str

    @property
    def ok(self) -> bool:
        """Whether this condition is met."""
        return self.count == 0


def all_green(items: list[ChecklistItem]) -> bool:
    """The platform is ready for full shutdown when every condition is met."""
    return all(item.ok for item in items)


def _count(session: Session, *conditions: object, model: type = Report) -> int:
    return session.scalar(select(func.count(model.id)).where(*conditions)) or 0


def _stream_counts(session: Session, now: datetime) -> dict[str, int]:
    """The four stream conditions counted in one pass over the streams."""
    live_public = (Stream.state == StreamState.LIVE) & (Stream.visibility == Visibility.PUBLIC)
    broadcasting = (Stream.state == StreamState.LIVE) & (Stream.visibility != Visibility.OFF)
    conditions = {
        "foot_traffic": live_public & Stream.place_type.in_(FOOT_TRAFFIC_PLACES)
        & Stream.category.not_in(WELFARE_CATEGORIES),
        "campus_public": live_public & (Stream.category == Category.CAMPUS),
        "sticker": broadcasting & Stream.category.in_(MERCHANT_CATEGORIES)
        & (Stream.sticker_status != StickerStatus.VERIFIED),
        "welfare": broadcasting & Stream.category.in_(WELFARE_CATEGORIES)
        & ((Stream.welfare_certification != WelfareCertification.CERTIFIED)
           | func.coalesce(Stream.welfare_certified_until < now.date(), False)),
    }
    row = session.execute(select(*(func.sum(case((c, 1), else_=0)).label(k) for k, c in conditions.items()))
                          .where(Stream.state == StreamState.LIVE)).one()
    return {key: int(value or 0) for key, value in row._mapping.items()}


def readiness(session: Session, *, now: datetime | None = None) -> list[ChecklistItem]:
    """The shutdown-readiness checklist, one count per condition, each with the page that fixes it."""
    now = now or utcnow()
    streams = _stream_counts(session, now)
    return [
        ChecklistItem("foot_traffic", N_("Public foot-traffic streams still live"), streams["foot_traffic"], "scan_flags"),
        ChecklistItem("campus_public", N_("Campus streams still public"), streams["campus_public"], "campus_streams"),
        ChecklistItem("sticker", N_("Live merchant streams without a verified sticker"), streams["sticker"],
                      "consent_stickers"),
        ChecklistItem("welfare", N_("Live welfare streams not certified or overdue"), streams["welfare"],
                      "welfare_audits"),
        ChecklistItem("backlog", N_("Open reports past their SLA deadline"),
                      _count(session, Report.status == ReportStatus.OPEN, Report.sla_due_at < now), "report_queue"),
        ChecklistItem("escalations", N_("Escalations open longer than their SLA"),
                      _count(session, Report.status == ReportStatus.ESCALATED,
                             Report.escalated_at < now - ESCALATION_SLA), "escalations"),
    ]


def request_shutdown(session: Session, *, actor: Actor, override_reason: str | None = None) -> ShutdownRequest:
    """First manager: ask for the full shutdown; a red checklist needs an explicit override reason."""
    require(actor, Action.SHUT_DOWN_PLATFORM)
    if session.scalar(select(ShutdownRequest.id).where(ShutdownRequest.status == ShutdownStatus.PENDING)):
        raise Conflict("A shutdown request is already waiting for confirmation.")
    checklist = readiness(session)
    red = [item for item in checklist if not item.ok]
    override = (override_reason or "").strip() or None
    if red and not override:
        raise Conflict("The checklist is not green ({items}). Fix it or give an explicit override reason.",
                       items=[item.label for item in red])
    request = ShutdownRequest(status=ShutdownStatus.PENDING, requested_by_id=actor.id, requested_at=utcnow(),
                              override_reason=override, checklist={i.key: asdict(i) for i in checklist})
    session.add(request)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.SHUTDOWN_REQUEST,
                 entity_type="platform", entity_id=request.id,
                 after={"red": [i.key for i in red]}, reason=override)
    return request


def pending(session: Session) -> ShutdownRequest | None:
    """The shutdown request waiting for a second manager, if any."""
    return session.scalar(select(ShutdownRequest).where(ShutdownRequest.status == ShutdownStatus.PENDING))


def _pending(session: Session, request_id: int) -> ShutdownRequest:
    request = session.get(ShutdownRequest, request_id)
    if request is None:
        raise NotFound("No shutdown request {request_id}.", request_id=request_id)
    if request.status != ShutdownStatus.PENDING:
        raise Conflict("Shutdown request {request_id} is already {status}.",
                       request_id=request_id, status=request.status)
    return request


def cancel_shutdown(session: Session, *, actor: Actor, request_id: int, reason: str) -> ShutdownRequest:
    """Withdraw a pending request."""
    require(actor, Action.SHUT_DOWN_PLATFORM)
    request = _pending(session, request_id)
    request.status, request.cancelled_reason = ShutdownStatus.CANCELLED, reason.strip() or "cancelled"
    audit.record(session, actor=actor, action=AuditAction.SHUTDOWN_CANCEL, entity_type="platform", entity_id=request.id,
                 reason=request.cancelled_reason)
    return request


def confirm_shutdown(session: Session, *, actor: Actor, request_id: int) -> ShutdownRequest:
    """Second manager: confirm, and every live or suspended stream is shut down in this one transaction."""
    require(actor, Action.SHUT_DOWN_PLATFORM)
    request = _pending(session, request_id)
    if actor.id is None or actor.id == request.requested_by_id:
        raise Conflict("A second manager must confirm: the requester cannot confirm their own shutdown.")
    red = [item for item in readiness(session) if not item.ok]
    if red and not request.override_reason:
        raise Conflict("The checklist turned red since the request ({items}); request again with an override "
                       "reason.", items=[item.label for item in red])
    now = utcnow()
    # Claim the request in one statement: of two managers confirming at the same moment, one wins and the
    # other is refused (a read-then-write let both run the shutdown).
    claimed = session.execute(update(ShutdownRequest).where(ShutdownRequest.id == request.id,
                                                            ShutdownRequest.status == ShutdownStatus.PENDING)
                              .values(status=ShutdownStatus.EXECUTED, confirmed_by_id=actor.id, executed_at=now)
                              .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise Conflict("Shutdown request {request_id} was confirmed by someone else a moment ago.",
                       request_id=request.id)
    targets = session.execute(
        select(Stream.id, Stream.state, Stream.visibility, Stream.category, Stream.owner_id, Owner.language,
               Stream.external_id).join(Owner, Owner.id == Stream.owner_id)
        .where(Stream.state.in_([StreamState.LIVE, StreamState.SUSPENDED]))).all()
    _bulk_records(session, actor=actor, request=request, targets=targets, now=now)
    lifecycle.shut_down_all(session, now=now)
    notices.tell_owners_of_shutdown(session, actor=actor, request_id=request.id, now=now,
                                    streams=[(t.owner_id, t.language, t.id, t.external_id) for t in targets])
    request.streams_shut_down = len(targets)
    audit.record(session, actor=actor, action=AuditAction.SHUTDOWN_EXECUTE,
                 entity_type="platform", entity_id=request.id,
                 after={"streams": len(targets)}, reason=request.override_reason)
    session.flush()
    session.expire_all()  # streams changed by the bulk UPDATE must be re-read, not served from the cache
    session.refresh(request)  # the returned request stays readable after the unit of work ends
    return request


def _bulk_records(session: Session, *, actor: Actor, request: ShutdownRequest, targets: list, now: datetime) -> None:
    """One takedown and one audit event per stream, inserted in batches (100,000 streams stay quick)."""
    note = Phrase(N_("full shutdown (request {request})"), request=request.id)
    takedowns = [{"stream_id": sid, "reason": TakedownReason.SHUTDOWN, "source": TakedownSource.SHUTDOWN,
                  "note": note, "actor_id": actor.id, "created_at": now, "previous_state": state,
                  "previous_visibility": visibility} for sid, state, visibility, *_ in targets]
    for start in range(0, len(targets), 5000):
        session.execute(insert(Takedown), takedowns[start:start + 5000])
    audit.record_many(session, actor=actor, action=AuditAction.STREAM_SHUT_DOWN, entity_type="stream", reason=note,
                      at=now, events=[audit.BulkEvent(sid, before={"state": state.value, "visibility": visibility.value,
                                                                   "category": category.value},
                                                      after={"state": "shut_down", "visibility": "off"})
                                      for sid, state, visibility, category, *_ in targets])
