"""Console user administration; every change is permission-checked and audited."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.languages import CODES as LANGUAGES
from dashboard.enums import AuditAction, Role
from dashboard.db.models import User
from dashboard.errors import Conflict, InvalidInput, NotFound
from dashboard.services.access import audit
from dashboard.services.access.auth import check_password_strength, hash_password, revoke_sessions
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.messages import N_

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{1,63}$")


def _public(user: User) -> dict[str, object]:
    return {"username": user.username, "display_name": user.display_name,
            "role": user.role.value, "active": user.active}


def get_user(session: Session, *, user_id: int) -> User:
    """A user by id, or NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No user with id {user_id}.", user_id=user_id)
    return user


def list_users(session: Session, *, actor: Actor) -> list[User]:
    """All users, by username."""
    require(actor, Action.MANAGE_USERS)
    return list(session.scalars(select(User).order_by(User.username)))


def user_rows(session: Session, *, actor: Actor) -> list[dict[str, object]]:
    """All users as plain rows for the Users page."""
    return [{"id": u.id, "username": u.username, "name": u.display_name, "role": u.role.value, "active": u.active,
             "locked until": u.locked_until, "last login": u.last_login_at} for u in list_users(session, actor=actor)]


def create_user(
    session: Session, *, actor: Actor, username: str, display_name: str, role: Role | str, password: str
) -> User:
    """Create a console user with a strong, hashed password."""
    require(actor, Action.MANAGE_USERS)
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise InvalidInput("Username must be 2-64 characters: lowercase letters, digits, '.', '_' or '-'.")
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput("Unknown role {role!r}; expected one of {roles}.",
                           role=role, roles=', '.join(r.value for r in Role)) from None
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict("User {username!r} already exists.", username=username)
    check_password_strength(password, username=username)
    user = User(username=username, display_name=display_name.strip() or username, role=role,
                password_hash=hash_password(password), active=True, failed_logins=0)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.USER_CREATE, entity_type="user", entity_id=user.id,
                 after=_public(user))
    return user


def set_active(session: Session, *, actor: Actor, user_id: int, active: bool, reason: str) -> User:
    """Activate or deactivate a user; an admin cannot deactivate themselves."""
    require(actor, Action.MANAGE_USERS)
    user = get_user(session, user_id=user_id)
    if not active and actor.id == user.id:
        raise Conflict("You cannot deactivate your own account.")
    before = _public(user)
    user.active = active
    ended = 0 if active else revoke_sessions(session, user_id=user.id, now=utcnow())
    audit.record(session, actor=actor, action=AuditAction.USER_ACTIVATE if active else AuditAction.USER_DEACTIVATE,
                 entity_type="user", entity_id=user.id, before=before,
                 after=_public(user) | {"sessions_signed_out": ended}, reason=reason)
    return user


def change_role(session: Session, *, actor: Actor, user_id: int, role: Role, reason: str) -> User:
    """Change a user's role (never one's own: an admin cannot lock themselves out of user management)."""
    require(actor, Action.MANAGE_USERS)
    reason = audit.require_reason(reason, purpose=N_("to change a role"))
    user = get_user(session, user_id=user_id)
    if actor.id == user.id:
        raise Conflict("You cannot change your own role; ask another admin.")
    if user.role == Role(role):
        raise Conflict("{name} already has the {role} role.", name=user.display_name, role=Role(role))
    before = _public(user)
    user.role = Role(role)
    audit.record(session, actor=actor, action=AuditAction.USER_CHANGE_ROLE, entity_type="user", entity_id=user.id,
                 before=before, after=_public(user), reason=reason)
    return user


def reset_password(session: Session, *, actor: Actor, user_id: int, password: str) -> User:
    """Set a new password and clear any lockout."""
    require(actor, Action.MANAGE_USERS)
    user = get_user(session, user_id=user_id)
    check_password_strength(password, username=user.username)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    ended = revoke_sessions(session, user_id=user.id, now=utcnow())  # whoever knew the old password is out
    audit.record(session, actor=actor, action=AuditAction.USER_RESET_PASSWORD, entity_type="user", entity_id=user.id,
                 after={"sessions_signed_out": ended})
    return user


BLUR_RANGE = (5, 81)


def set_wellness(session: Session, *, actor: User, grayscale: bool, blur: int) -> User:
    """A user's own evidence settings: previews in grey, and how strongly they are blurred (odd kernel 5-81)."""
    if not BLUR_RANGE[0] <= blur <= BLUR_RANGE[1]:
        raise InvalidInput("Blur strength must be between {low} and {high}.", low=BLUR_RANGE[0], high=BLUR_RANGE[1])
    user = get_user(session, user_id=actor.id)
    user.evidence_grayscale, user.evidence_blur = grayscale, blur | 1
    return user



def set_language(session: Session, *, actor: User, language: str) -> User:
    """A user's own console language, used from their next page on and at every sign-in."""
    if language not in LANGUAGES:
        raise InvalidInput("Unknown language {language!r}; the console speaks {languages}.",
                           language=language, languages=', '.join(LANGUAGES))
    user = get_user(session, user_id=actor.id)
    user.language = language
    return user
