"""Five-step enablement: live broadcast is off by default and goes on only after five ordered steps."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import (
    AuditAction,
    Category, CheckStatus, EnablementStatus, EnablementStep, StreamState, Visibility,
)
from dashboard.db.models import EnablementRequest, EnablementStepRecord, Stream
from dashboard.errors import Conflict, InvalidInput, NotFound
from dashboard.services.access import audit
from dashboard.services.streams import lifecycle
from dashboard.services.access.permissions import Action, Actor, can, require
from dashboard.services.streams.lifecycle import live_blockers
from dashboard.services.streams.moderation import get_stream
from dashboard.messages import N_

STEPS = list(EnablementStep)  # real name, terms, category declared, category requirement, background review


def start(session: Session, *, actor: Actor, stream_id: int) -> EnablementRequest:
    """Open an enablement request for a stream that is off."""
    require(actor, Action.RECORD_ENABLEMENT_STEP)
    stream = get_stream(session, stream_id=stream_id)
    if stream.visibility != Visibility.OFF or stream.state != StreamState.LIVE:
        raise Conflict("Stream {stream_id} is {visibility}/{state}; only a stream whose broadcast is off (and not "
                       "taken down) can be enabled.", stream_id=stream.id, visibility=stream.visibility,
                       state=stream.state)
    if _open_request(session, stream.id):
        raise Conflict("Stream {stream_id} already has an enablement request in progress.", stream_id=stream.id)
    request = EnablementRequest(stream_id=stream.id, status=EnablementStatus.IN_PROGRESS, started_at=utcnow())
    session.add(request)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.ENABLEMENT_START, entity_type="stream", entity_id=stream.id,
                 after={"request_id": request.id})
    return request


def _open_request(session: Session, stream_id: int) -> EnablementRequest | None:
    return session.scalar(select(EnablementRequest).where(EnablementRequest.stream_id == stream_id,
                                                          EnablementRequest.status == EnablementStatus.IN_PROGRESS))


def next_step(request: EnablementRequest) -> EnablementStep | None:
    """The step that must be recorded next, or None when all are done."""
    done = {record.step for record in request.steps if record.outcome == CheckStatus.PASSED}
    return next((step for step in STEPS if step not in done), None)


def _check(session: Session, stream: Stream, step: EnablementStep) -> str | None:
    """Why the step cannot pass now, or None."""
    if step == EnablementStep.REAL_NAME and not stream.owner.real_name_verified:
        return "the owner's real name is not verified"
    if step == EnablementStep.CATEGORY_REQUIREMENT and (blockers := live_blockers(session, stream)):
        return "; ".join(blockers)
    return None


def record_step(session: Session, *, actor: Actor, request_id: int, step: EnablementStep | str, passed: bool,
                note: str = "") -> EnablementRequest:
    """Record the next step; skipping or reordering is refused; a failed background review ends the request."""
    step = EnablementStep(step)
    require(actor, Action.APPROVE_ENABLEMENT if step == EnablementStep.BACKGROUND_REVIEW
            else Action.RECORD_ENABLEMENT_STEP)
    request = session.get(EnablementRequest, request_id)
    if request is None:
        raise NotFound("No enablement request {request_id}.", request_id=request_id)
    if request.status != EnablementStatus.IN_PROGRESS:
        raise Conflict("Request {request_id} has ended ({status}).", request_id=request_id, status=request.status)
    expected = next_step(request)
    if step != expected:
        raise Conflict("Step '{step}' cannot be recorded now; the next step is '{expected}'.",
                       step=step, expected=expected)
    stream = request.stream
    if passed and (problem := _check(session, stream, step)):
        raise Conflict("Step '{step}' cannot pass: {problem}.", step=step, problem=problem)
    if not passed and not note.strip():
        raise InvalidInput("A failed step needs a reason.")
    existing = next((r for r in request.steps if r.step == step), None)
    record = existing or EnablementStepRecord(request=request, step=step)
    record.outcome, record.verified_by_id = CheckStatus.PASSED if passed else CheckStatus.FAILED, actor.id
    record.verified_at, record.note = utcnow(), note.strip() or None
    session.add(record)
    audit.record(session, actor=actor, action=AuditAction(f"enablement.{step.value}"),
                 entity_type="stream", entity_id=stream.id,
                 after={"request_id": request.id, "passed": passed}, reason=note or None)
    if step == EnablementStep.BACKGROUND_REVIEW:
        _finish(session, actor=actor, request=request, stream=stream, passed=passed, note=note)
    session.flush()
    return request


def _finish(session: Session, *, actor: Actor, request: EnablementRequest, stream: Stream, passed: bool,
            note: str) -> None:
    request.ended_at = utcnow()
    if not passed:
        request.status, request.end_reason = EnablementStatus.REJECTED, note.strip()
        return
    request.status = EnablementStatus.APPROVED
    lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_ENABLE,
                   reason=N_("five enablement steps completed"),
                   visibility=Visibility.PRIVATE_SHARED if stream.category == Category.CAMPUS else Visibility.PUBLIC)


def open_requests(session: Session) -> list[EnablementRequest]:
    """Requests in progress, oldest first."""
    return list(session.scalars(select(EnablementRequest).where(
        EnablementRequest.status == EnablementStatus.IN_PROGRESS).order_by(EnablementRequest.started_at)))


@dataclass(frozen=True)
class RequestRow:
    """One open request: its stream, the next step, and the steps done (step, outcome, by whom, note)."""

    id: int
    stream_id: int
    external_id: str
    title: str
    next_step: EnablementStep | None
    done: list[tuple[EnablementStep, CheckStatus, str, str | None]]


@dataclass(frozen=True)
class RequestsView:
    """The enablement page: open requests and whether this viewer may approve the background review."""

    requests: list[RequestRow]
    may_approve: bool


def requests_view(session: Session, *, actor: Actor) -> RequestsView:
    """Open requests as plain rows, oldest first."""
    rows = [RequestRow(r.id, r.stream_id, r.stream.external_id, r.stream.title, next_step(r),
                       [(s.step, s.outcome, s.verified_by.username if s.verified_by else "", s.note)
                        for s in r.steps])
            for r in open_requests(session)]
    return RequestsView(rows, can(actor, Action.APPROVE_ENABLEMENT))
