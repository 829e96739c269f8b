"""A stream's lifecycle: the only code that changes a stream's state or visibility.

Every move goes through `move`, which checks the go-live policy (a stream may go live only when nothing in
`live_blockers` stands against it) and writes the audit event with the stream before and after. The services
that decide *when* a stream moves (scans, flags, the desk, campus, enablement, stickers, welfare, shutdown)
call it; a test fails if any other module assigns `Stream.state` or `Stream.visibility`.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.db.models import CampusShare, Stream
from dashboard.enums import (
    MERCHANT_CATEGORIES, WELFARE_CATEGORIES, AuditAction, Category, NoticeSource, StickerStatus, StreamState,
    Visibility,
    WelfareCertification,
)
from dashboard.errors import Conflict
from dashboard.services.access import audit
from dashboard.services.access.permissions import Actor, SystemActor
from dashboard.services.streams import notices
from dashboard.messages import N_


def snapshot(stream: Stream) -> dict[str, object]:
    """The audited fields of a stream."""
    return {"state": stream.state.value, "visibility": stream.visibility.value,
            "category": stream.category.value, "sticker_status": stream.sticker_status.value,
            "welfare_certification": stream.welfare_certification.value}


def live_blockers(session: Session, stream: Stream, *, today: date | None = None) -> list[str]:
    """Reasons the stream may not be live; empty when it may."""
    blockers = []
    if stream.category in MERCHANT_CATEGORIES and stream.sticker_status != StickerStatus.VERIFIED:
        blockers.append(N_("a merchant stream needs a verified, unrevoked consent sticker"))
    if stream.category == Category.CAMPUS:
        share = session.scalar(select(CampusShare).where(CampusShare.stream_id == stream.id))
        if share is None or not share.password_hash:
            blockers.append(N_("a campus stream needs a viewing password set by an authorised teacher"))
    if stream.category in WELFARE_CATEGORIES:
        due = stream.welfare_certified_until
        if stream.welfare_certification != WelfareCertification.CERTIFIED or (due and due < (today or date.today())):
            blockers.append(N_("a welfare stream needs a current certification"))
    return blockers


def require_may_go_live(session: Session, stream: Stream) -> None:
    """Raise Conflict naming every blocker."""
    if blockers := live_blockers(session, stream):
        raise Conflict("Stream {stream_id} cannot go live: {blockers}.", stream_id=stream.id, blockers=blockers)


def move(session: Session, *, actor: Actor, stream: Stream, action: AuditAction, reason: str | None = None,
         state: StreamState | None = None, visibility: Visibility | None = None,
         extra: dict[str, object] | None = None, told: notices.Decided | None = None, tell_owner: bool = True) -> Stream:
    """Move a stream to a new state and/or visibility, audited; going (back) live must pass the policy.

    A move that turns a stream off, suspends it or makes it private tells its owner why (a notice in the same
    transaction): `told` says on what ground and from which facts, else the notice says only what happened.
    tell_owner=False only where the caller tells the owner itself (an appeal's outcome).
    """
    if state == StreamState.LIVE and stream.state != StreamState.LIVE:
        require_may_go_live(session, stream)
    if tell_owner and (kind := notices.restricting(stream, state=state, visibility=visibility)):
        notices.tell_owner(session, actor=actor, stream=stream, decided=told or notices.Decided(
            kind, "other", NoticeSource.SCAN_FLAG if isinstance(actor, SystemActor) else NoticeSource.REVIEWER))
    before = snapshot(stream)
    if state is not None:
        stream.state = state
    if visibility is not None:
        stream.visibility = visibility
    audit.record(session, actor=actor, action=action, entity_type="stream", entity_id=stream.id, before=before,
                 after=snapshot(stream) | (extra or {}), reason=reason)
    return stream


def shut_down_all(session: Session, *, now: datetime) -> None:
    """Every live or suspended stream shut down and off, in one statement (the audit rows are the caller's bulk)."""
    session.execute(update(Stream).where(Stream.state.in_([StreamState.LIVE, StreamState.SUSPENDED]))
                    .values(state=StreamState.SHUT_DOWN, visibility=Visibility.OFF, updated_at=now)
                    .execution_options(synchronize_session=False))


def seeded(stream: Stream, *, state: StreamState | None = None, visibility: Visibility | None = None) -> Stream:
    """Set where a stream that is being created starts (demo history): not a move, so nothing is audited here."""
    if state is not None:
        stream.state = state
    if visibility is not None:
        stream.visibility = visibility
    return stream
