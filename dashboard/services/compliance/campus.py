"""Campus streams: never public; teachers set the viewing password; parents' attempts are counted and locked."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.enums import AuditAction, Category, NoticeKind, NoticeSource, OwnerKind, Role, StreamState, Visibility
from dashboard.db.models import CampusShare, CampusTeacher, Owner, Stream, User
from dashboard.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dashboard.services.access import audit
from dashboard.services.access.lockout import minutes_left, reset_slots, take_slot
from dashboard.services.streams import lifecycle
from dashboard.services.streams.notices import Decided
from dashboard.services.access.auth import check_password_strength, hash_password, verify_password
from dashboard.services.access.permissions import Action, Actor, can, require
from dashboard.services.streams.moderation import get_stream
from dashboard.messages import N_


CAMPUS_PRIVATE = Decided(NoticeKind.MAKE_PRIVATE, "campus_public", NoticeSource.COMPLIANCE)


def sweep_public(session: Session, *, actor: Actor) -> list[int]:
    """Turn every public campus stream into private sharing; returns the stream ids changed."""
    require(actor, Action.MANAGE_CAMPUS)
    public = session.scalars(select(Stream).where(Stream.category == Category.CAMPUS,
                                                  Stream.visibility == Visibility.PUBLIC)).all()
    for stream in public:
        lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_MAKE_PRIVATE,
                       reason=N_("campus sweep: no campus stream may be public"), visibility=Visibility.PRIVATE_SHARED,
                       told=CAMPUS_PRIVATE)
    audit.record(session, actor=actor, action=AuditAction.CAMPUS_SWEEP, entity_type="platform", entity_id="campus",
                 after={"streams": [s.id for s in public]})
    return [s.id for s in public]


def grant_teacher(session: Session, *, actor: Actor, user_id: int, school_owner_id: int) -> CampusTeacher:
    """Authorise a teacher account for one school's campus streams."""
    require(actor, Action.MANAGE_CAMPUS)
    teacher, school = session.get(User, user_id), session.get(Owner, school_owner_id)
    if teacher is None or teacher.role != Role.TEACHER:
        raise InvalidInput("Only an account with the teacher role can be authorised for a school.")
    if school is None or school.kind != OwnerKind.SCHOOL:
        raise InvalidInput("Teachers are authorised for a school owner.")
    if session.scalar(select(CampusTeacher).where(CampusTeacher.user_id == user_id,
                                                  CampusTeacher.owner_id == school_owner_id)):
        raise Conflict("{username} is already authorised for {name}.", username=teacher.username,
                       name=school.name)
    grant = CampusTeacher(user_id=user_id, owner_id=school_owner_id, granted_by_id=actor.id, granted_at=utcnow())
    session.add(grant)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.CAMPUS_GRANT_TEACHER, entity_type="user", entity_id=user_id,
                 after={"school_owner_id": school_owner_id})
    return grant


def teacher_streams(session: Session, *, actor: Actor) -> list[Stream]:
    """The campus streams of the schools this teacher is authorised for."""
    schools = select(CampusTeacher.owner_id).where(CampusTeacher.user_id == actor.id)
    return list(session.scalars(select(Stream).where(Stream.category == Category.CAMPUS,
                                                     Stream.owner_id.in_(schools)).order_by(Stream.id)))


def set_password(session: Session, *, actor: Actor, stream_id: int, password: str) -> CampusShare:
    """An authorised teacher sets or changes the viewing password (hashed; strength checked)."""
    require(actor, Action.SET_CAMPUS_PASSWORD)
    stream = get_stream(session, stream_id=stream_id)
    if stream.category != Category.CAMPUS:
        raise InvalidInput("Stream {stream_id} is not a campus stream.", stream_id=stream.id)
    if not session.scalar(select(CampusTeacher.id).where(CampusTeacher.user_id == actor.id,
                                                         CampusTeacher.owner_id == stream.owner_id)):
        raise PermissionDenied("{username} is not an authorised teacher of this school.", username=actor.username)
    check_password_strength(password)
    share = session.scalar(select(CampusShare).where(CampusShare.stream_id == stream.id))
    if share is None:
        share = CampusShare(stream_id=stream.id, failed_attempts=0, successful_views=0)
        session.add(share)
    share.password_hash, share.set_by_id, share.set_at = hash_password(password), actor.id, utcnow()
    share.failed_attempts, share.locked_until = 0, None
    if stream.visibility == Visibility.PUBLIC:
        lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_MAKE_PRIVATE,
                       reason=N_("viewing password set: a campus stream is shared privately"),
                       visibility=Visibility.PRIVATE_SHARED, told=CAMPUS_PRIVATE)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.CAMPUS_SET_PASSWORD,
                 entity_type="stream", entity_id=stream.id,
                 after=lifecycle.snapshot(stream))  # never the password
    return share


@dataclass(frozen=True)
class AccessResult:
    """A parent's attempt: allowed or not, and the message to show them (an English template, {minutes} filled)."""

    allowed: bool
    message: str
    minutes: int = 0

    @property
    def text(self) -> str:
        """The message in English."""
        return self.message.format(minutes=self.minutes)


def check_parent_password(session: Session, *, stream_id: int, password: str, settings: Settings,
                          now: datetime | None = None) -> AccessResult:
    """Check a parent's password; failures are counted and lock the stream's sharing for a while."""
    now = now or utcnow()
    share = session.scalar(select(CampusShare).where(CampusShare.stream_id == stream_id))
    if share is None or not share.password_hash:
        raise NotFound("Stream {stream_id} has no private sharing set up.", stream_id=stream_id)
    share.last_attempt_at = now
    until = now + timedelta(minutes=settings.campus_lockout_minutes)
    slot = take_slot(session, CampusShare, share.id, counter="failed_attempts", lock="locked_until",
                     limit=settings.campus_max_failures, until=until, now=now)
    if not slot.granted:  # locked: this password is never checked, right or wrong
        session.refresh(share, ["locked_until"])
        if (minutes := minutes_left(share.locked_until, now)) is None:
            return AccessResult(False, N_("Too many wrong passwords; try again later."))
        return AccessResult(False, N_("Too many wrong passwords; try again in {minutes} min."), minutes)
    if verify_password(share.password_hash, password):
        reset_slots(session, CampusShare, share.id, counter="failed_attempts", lock="locked_until")
        share.successful_views = share.successful_views + 1
        return AccessResult(True, N_("Password accepted."))
    if not slot.locks_now:
        return AccessResult(False, N_("Wrong password."))
    audit.record(session, actor=_anonymous(), action=AuditAction.CAMPUS_LOCKOUT, entity_type="stream",
                 entity_id=stream_id, after={"locked_until": until}, reason=N_("too many wrong viewing passwords"))
    return AccessResult(False, N_("Too many wrong passwords; locked for {minutes} min."), settings.campus_lockout_minutes)


def _anonymous() -> Actor:
    from dashboard.services.access.permissions import SystemActor

    return SystemActor(username="parent-access")


def campus_overview(session: Session) -> list[tuple[Stream, CampusShare | None]]:
    """Live campus streams with their sharing setup."""
    shares = {s.stream_id: s for s in session.scalars(select(CampusShare))}
    rows = session.scalars(select(Stream).where(Stream.category == Category.CAMPUS, Stream.state == StreamState.LIVE)
                           .order_by(Stream.visibility, Stream.id))
    return [(s, shares.get(s.id)) for s in rows]


@dataclass(frozen=True)
class CampusView:
    """The campus page: the streams this viewer may see, a teacher's own streams, and whether they may sweep."""

    rows: list[dict[str, object]]
    own_streams: list[tuple[int, str]]
    may_sweep: bool
    teachers: list[tuple[int, str]]  # teacher accounts (id, name), for a lead to authorise
    schools: list[tuple[int, str]]  # school owners (id, name)


def campus_view(session: Session, *, actor: Actor) -> CampusView:
    """Live campus streams with their sharing setup; a teacher sees the schools they are authorised for only."""
    own = [(s.id, s.title) for s in teacher_streams(session, actor=actor)] if actor.role == Role.TEACHER else []
    own_ids = {stream_id for stream_id, _ in own}
    rows = [{"id": s.id, "stream": s.title, "school": s.owner.name, "visibility": s.visibility.value,
             "password set": bool(sh and sh.password_hash), "views": sh.successful_views if sh else 0,
             "locked until": sh.locked_until if sh else None}
            for s, sh in campus_overview(session) if actor.role != Role.TEACHER or s.id in own_ids]
    may_manage = can(actor, Action.MANAGE_CAMPUS)
    teachers = [(u.id, f"{u.display_name} ({u.username})") for u in session.scalars(
        select(User).where(User.role == Role.TEACHER, User.active.is_(True)).order_by(User.username))] if may_manage else []
    schools = [(o.id, o.name) for o in session.scalars(
        select(Owner).where(Owner.kind == OwnerKind.SCHOOL).order_by(Owner.name))] if may_manage else []
    return CampusView(rows, own, may_manage, teachers, schools)
