"""The appeals desk: compliance leads claim an appeal (a lease, like the report desk's), uphold or overturn it.

Four eyes: whoever made the decision an appeal contests (or confirmed the full shutdown) can neither claim nor
decide it. An overturn reverses the decision through the stream lifecycle and tells the owner; a merchant stream
without a verified sticker comes back private and suspended until its sticker is verified, never public.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import Appeal, OwnerNotice, Stream, Takedown
from dashboard.enums import (
    MERCHANT_CATEGORIES, AppealStatus, AuditAction, NoticeKind, StickerStatus, StreamState, TakedownSource, Visibility,
)
from dashboard.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dashboard.messages import N_
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.streams import lifecycle, notices


def get_appeal(session: Session, *, appeal_id: int) -> Appeal:
    """An appeal by id, or NotFound."""
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound("No appeal with id {appeal_id}.", appeal_id=appeal_id)
    return appeal


def _free(now: datetime) -> object:
    return or_(Appeal.claimed_by_id.is_(None), Appeal.lease_expires_at <= now)


def _not_theirs(actor: Actor) -> object:
    """Appeals against decisions this person did not make (four eyes)."""
    return select(OwnerNotice.id).where(OwnerNotice.id == Appeal.notice_id, or_(
        OwnerNotice.decided_by_id.is_(None), OwnerNotice.decided_by_id != actor.id)).exists()


def claim_next_appeal(session: Session, *, actor: Actor, settings: Settings,
                      now: datetime | None = None) -> Appeal | None:
    """Lease the open appeal due soonest that the actor may decide, or None if none waits."""
    require(actor, Action.DECIDE_APPEAL)
    now = now or utcnow()
    pick = (select(Appeal.id).where(Appeal.status == AppealStatus.OPEN, _free(now), _not_theirs(actor))
            .order_by(Appeal.sla_due_at, Appeal.id).limit(1).with_for_update(skip_locked=True).scalar_subquery())
    return _lease(session, actor=actor, target=pick, settings=settings, now=now)


def claim_appeal(session: Session, *, actor: Actor, appeal_id: int, settings: Settings,
                 now: datetime | None = None) -> Appeal:
    """Lease one named appeal if it is open, free, and not against the actor's own decision."""
    require(actor, Action.DECIDE_APPEAL)
    appeal = get_appeal(session, appeal_id=appeal_id)
    _check_four_eyes(appeal, actor)
    leased = _lease(session, actor=actor, target=appeal_id, settings=settings, now=now or utcnow())
    if leased is None:
        if appeal.status != AppealStatus.OPEN:
            raise Conflict("Appeal {external_id} was already decided.", external_id=appeal.external_id)
        raise Conflict("Appeal {external_id} is being worked on by someone else.", external_id=appeal.external_id)
    return leased


def _lease(session: Session, *, actor: Actor, target: object, settings: Settings, now: datetime) -> Appeal | None:
    until = now + timedelta(minutes=settings.claim_lease_minutes)
    appeal = session.scalars(
        update(Appeal).where(Appeal.id == target, Appeal.status == AppealStatus.OPEN, _free(now))
        .values(claimed_by_id=actor.id, lease_expires_at=until)
        .returning(Appeal).execution_options(synchronize_session=False, populate_existing=True)).one_or_none()
    if appeal is not None:
        audit.record(session, actor=actor, action=AuditAction.APPEAL_CLAIM, entity_type="appeal",
                     entity_id=appeal.id, after={"lease_expires_at": until})
    return appeal


def release_appeal(session: Session, *, actor: Actor, appeal_id: int) -> Appeal:
    """Hand a claimed appeal back to the queue."""
    appeal = _held(session, actor=actor, appeal_id=appeal_id, now=utcnow())
    appeal.claimed_by_id, appeal.lease_expires_at = None, None
    audit.record(session, actor=actor, action=AuditAction.APPEAL_RELEASE, entity_type="appeal", entity_id=appeal.id)
    return appeal


def decide_appeal(session: Session, *, actor: Actor, appeal_id: int, outcome: AppealStatus, note: str,
                  now: datetime | None = None) -> Appeal:
    """Uphold or overturn a held appeal; the owner is told either way, an overturn reverses the decision."""
    require(actor, Action.DECIDE_APPEAL)
    now = now or utcnow()
    if outcome not in (AppealStatus.UPHELD, AppealStatus.OVERTURNED):
        raise InvalidInput("An appeal is upheld or overturned, not {outcome}.", outcome=outcome)
    note = audit.require_reason(note, purpose=N_("to decide an appeal"))
    appeal = _held(session, actor=actor, appeal_id=appeal_id, now=now)
    _check_four_eyes(appeal, actor)
    notice = appeal.notice
    if outcome == AppealStatus.OVERTURNED:
        _reverse(session, actor=actor, notice=notice, note=note)
    appeal.status, appeal.decided_by_id, appeal.decided_at, appeal.decision_note = outcome, actor.id, now, note
    appeal.claimed_by_id, appeal.lease_expires_at = None, None
    kind = NoticeKind.APPEAL_OVERTURNED if outcome == AppealStatus.OVERTURNED else NoticeKind.APPEAL_UPHELD
    notices.tell_owner(session, actor=actor, stream=notice.stream, appeal_id=appeal.id, decided=notices.Decided(
        kind, notice.ground, notice.source, notice.source_detail, {"appealed_notice": notice.public_id}))
    audit.record(session, actor=actor, action=AuditAction.APPEAL_OVERTURN if outcome == AppealStatus.OVERTURNED
                 else AuditAction.APPEAL_UPHOLD, entity_type="appeal", entity_id=appeal.id, reason=note,
                 after={"notice": notice.public_id, "kind": notice.kind.value, "source": notice.source.value})
    return appeal


def _held(session: Session, *, actor: Actor, appeal_id: int, now: datetime) -> Appeal:
    appeal = get_appeal(session, appeal_id=appeal_id)
    if appeal.status != AppealStatus.OPEN:
        raise Conflict("Appeal {external_id} was already decided.", external_id=appeal.external_id)
    if appeal.claimed_by_id != actor.id or appeal.lease_expires_at is None or appeal.lease_expires_at <= now:
        raise Conflict("Claim appeal {external_id} first (your claim may have run out).",
                       external_id=appeal.external_id)
    return appeal


def _check_four_eyes(appeal: Appeal, actor: Actor) -> None:
    if appeal.notice.decided_by_id is not None and appeal.notice.decided_by_id == actor.id:
        raise PermissionDenied("You made the decision appeal {external_id} contests: another lead must decide it.",
                               external_id=appeal.external_id)


def _reverse(session: Session, *, actor: Actor, notice: OwnerNotice, note: str) -> None:
    """Undo what the notice told of, through the lifecycle (the sticker rule holds)."""
    if notice.kind == NoticeKind.STICKER_REVOKED:
        raise Conflict("A revoked sticker is not restored by an appeal: issue and verify a new sticker.")
    for takedown in _takedowns(session, notice):
        takedown.restored_at, takedown.restored_by_id, takedown.restore_reason = utcnow(), actor.id, note
        _restore(session, actor=actor, stream=takedown.stream, state=takedown.previous_state,
                 visibility=takedown.previous_visibility, note=note)
    if notice.kind == NoticeKind.SUSPEND and notice.stream.state == StreamState.SUSPENDED:
        _restore(session, actor=actor, stream=notice.stream, state=StreamState.LIVE,
                 visibility=notice.stream.visibility, note=note)
    if notice.kind == NoticeKind.MAKE_PRIVATE and notice.stream.visibility == Visibility.PRIVATE_SHARED:
        _restore(session, actor=actor, stream=notice.stream, state=notice.stream.state, visibility=Visibility.PUBLIC,
                 note=note)


def _takedowns(session: Session, notice: OwnerNotice) -> list[Takedown]:
    if notice.kind == NoticeKind.SHUT_DOWN:
        streams = select(Stream.id).where(Stream.owner_id == notice.owner_id)
        return list(session.scalars(select(Takedown).where(
            Takedown.stream_id.in_(streams), Takedown.source == TakedownSource.SHUTDOWN,
            Takedown.restored_at.is_(None))))
    takedown = session.get(Takedown, notice.facts.get("takedown_id") or 0)
    return [takedown] if takedown is not None and takedown.restored_at is None else []


def _restore(session: Session, *, actor: Actor, stream: Stream, state: StreamState, visibility: Visibility,
             note: str) -> None:
    """Back to where it was; a merchant stream without a verified sticker only as private and suspended."""
    unstickered = stream.category in MERCHANT_CATEGORIES and stream.sticker_status != StickerStatus.VERIFIED
    if unstickered and state == StreamState.LIVE:
        state, visibility = StreamState.SUSPENDED, Visibility.PRIVATE_SHARED
    lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_RESTORE, reason=note,
                   state=state, visibility=visibility, extra={"appeal": True}, tell_owner=False)
