"""Legal holds: a compliance lead keeps a stream's evidence (for the stream or one report about it) past retention."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.db.models import LegalHold, Report, Stream
from dashboard.enums import AuditAction
from dashboard.errors import Conflict, NotFound
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.messages import N_


def place_hold(session: Session, *, actor: Actor, stream_id: int | None = None, report_id: int | None = None,
               reason: str) -> LegalHold:
    """Hold a stream's evidence (named directly or through a report about it) until the hold is released."""
    require(actor, Action.HOLD_EVIDENCE)
    reason = audit.require_reason(reason, purpose=N_("to place a legal hold"))
    stream_id, report = _target(session, stream_id=stream_id, report_id=report_id)
    same = select(LegalHold).where(LegalHold.stream_id == stream_id, LegalHold.released_at.is_(None),
                                   LegalHold.report_id.is_(None) if report is None else LegalHold.report_id == report.id)
    if session.scalar(same) is not None:
        if report is None:
            raise Conflict("This stream is already on legal hold.")
        raise Conflict("This report is already on legal hold.")
    hold = LegalHold(stream_id=stream_id, report_id=report.id if report else None, reason=reason,
                     placed_by_id=actor.id, placed_at=utcnow())
    session.add(hold)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.LEGAL_HOLD_PLACE, entity_type="stream", entity_id=stream_id,
                 after={"hold_id": hold.id, "report": report.external_id if report else None}, reason=reason)
    return hold


def _target(session: Session, *, stream_id: int | None, report_id: int | None) -> tuple[int, Report | None]:
    if (stream_id is None) == (report_id is None):
        raise ValueError("name exactly one of stream_id and report_id")
    if report_id is not None:
        report = session.get(Report, report_id)
        if report is None:
            raise NotFound("Report {report_id} does not exist.", report_id=report_id)
        return report.stream_id, report
    if session.get(Stream, stream_id) is None:
        raise NotFound("Stream {stream_id} does not exist.", stream_id=stream_id)
    return stream_id, None


def release_hold(session: Session, *, actor: Actor, hold_id: int, reason: str) -> LegalHold:
    """Release a hold; the stream's evidence then follows the normal retention rules again."""
    require(actor, Action.HOLD_EVIDENCE)
    reason = audit.require_reason(reason, purpose=N_("to release a legal hold"))
    hold = session.get(LegalHold, hold_id, with_for_update=True)
    if hold is None:
        raise NotFound("Legal hold {hold_id} does not exist.", hold_id=hold_id)
    if hold.released_at is not None:
        raise Conflict("Legal hold {hold_id} was already released.", hold_id=hold_id)
    hold.released_at, hold.released_by_id, hold.release_reason = utcnow(), actor.id, reason
    audit.record(session, actor=actor, action=AuditAction.LEGAL_HOLD_RELEASE, entity_type="stream",
                 entity_id=hold.stream_id, before={"hold_id": hold.id}, reason=reason)
    return hold


def is_held(session: Session, *, stream_id: int) -> bool:
    """Whether the stream has an active hold now (the purge asks again for each stream it is about to delete)."""
    return session.scalar(select(LegalHold.id).where(LegalHold.stream_id == stream_id,
                                                     LegalHold.released_at.is_(None)).limit(1)) is not None


def held_stream_ids(session: Session) -> set[int]:
    """Streams with at least one active hold (their evidence is never purged)."""
    return set(session.scalars(select(LegalHold.stream_id).where(LegalHold.released_at.is_(None))))


@dataclass(frozen=True)
class HoldRow:
    """An active hold as the pages show it."""

    hold_id: int
    stream: str
    stream_title: str
    report: str | None
    reason: str
    placed_by: str
    placed_at: datetime


def active_holds(session: Session, *, stream_id: int | None = None) -> list[HoldRow]:
    """Active holds, newest first (of one stream if given)."""
    query = select(LegalHold).where(LegalHold.released_at.is_(None)).order_by(LegalHold.placed_at.desc())
    if stream_id is not None:
        query = query.where(LegalHold.stream_id == stream_id)
    return [HoldRow(h.id, h.stream.external_id, h.stream.title, h.report.external_id if h.report else None, h.reason,
                    h.placed_by.username if h.placed_by else "system", h.placed_at) for h in session.scalars(query)]
