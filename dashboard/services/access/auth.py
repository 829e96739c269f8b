"""Password hashing, sign-in with lockout, login sessions with idle and absolute expiry, own password change."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.enums import AuditAction
from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.db.models import LoginSession, User
from dashboard.errors import (
    AccountDisabled,
    AccountLocked,
    AuthError,
    InvalidCredentials,
    InvalidInput,
    SessionExpired,
)
from dashboard.services.access import audit
from dashboard.services.access.lockout import Slot, minutes_left, reset_slots, take_slot
from dashboard.services.access.permissions import SystemActor
from dashboard.messages import N_

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MIN_ZXCVBN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" (moderate protection from an offline attack)


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash (never raises on a mismatch)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str, *, username: str = "") -> None:
    """Refuse short passwords, the username, and anything zxcvbn can guess (common words, keyboard walks)."""
    from zxcvbn import zxcvbn

    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("Password must be at least {length} characters long.", length=MIN_PASSWORD_LENGTH)
    if username and username.lower() in password.lower():
        raise InvalidInput("Password must not contain the username.")
    if len(set(password)) < 5:
        raise InvalidInput("Password is too repetitive.")
    verdict = zxcvbn(password[:100], user_inputs=[username] if username else [])
    if verdict["score"] < MIN_ZXCVBN_SCORE:
        hint = verdict["feedback"]["warning"] or "it is easy to guess"
        raise InvalidInput("Password is too weak: {hint}. Use a few unrelated words and a number.",
                           hint=hint.rstrip('.'))


def revoke_sessions(session: Session, *, user_id: int, now: datetime, keep_token_hash: str | None = None) -> int:
    """Sign a user out everywhere (but the session being kept); returns how many sessions ended."""
    query = update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    if keep_token_hash is not None:
        query = query.where(LoginSession.token_hash != keep_token_hash)
    return session.execute(query.values(revoked_at=now).execution_options(synchronize_session=False)).rowcount


@dataclass
class LoginAttempt:
    """The outcome of a sign-in: a token and user, or the error to show after committing."""

    user: User | None = None
    token: str | None = None
    error: AuthError | None = None

    def raise_for_error(self) -> None:
        """Raise the sign-in error, if any (call after committing the attempt's bookkeeping)."""
        if self.error is not None:
            raise self.error


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def attempt_login(
    session: Session, *, username: str, password: str, settings: Settings, now: datetime | None = None
) -> LoginAttempt:
    """Check credentials; count failures and lock the account after too many."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        verify_password(hash_password("timing-equaliser"), password)
        _failed_sign_in(session, name=username, user_id=None, why="unknown username", now=now)
        return LoginAttempt(error=InvalidCredentials("Unknown username or wrong password."))
    slot = _take_slot(session, user=user, settings=settings, now=now)
    if not slot.granted:  # locked: this password is never checked, right or wrong
        return LoginAttempt(error=_locked_error(session, user=user, now=now))
    if not verify_password(user.password_hash, password):
        _failed_sign_in(session, name=user.username, user_id=user.id, why="wrong password", now=now)
        return LoginAttempt(error=_wrong(session, user=user, slot=slot, settings=settings))
    if not user.active:
        _failed_sign_in(session, name=user.username, user_id=user.id, why="account deactivated", now=now)
        return LoginAttempt(error=AccountDisabled("This account has been deactivated."))
    return _open_session(session, user=user, settings=settings, now=now)


def _failed_sign_in(session: Session, *, name: str, user_id: int | None, why: str, now: datetime) -> None:
    """Every failed sign-in is in the audit log (a guessed username only as typed, cut to 64 characters)."""
    typed = "".join(c for c in name.strip() if c.isprintable())[:64] or "(empty)"
    audit.record(session, actor=SystemActor(username="sign-in"), action=AuditAction.USER_LOGIN_FAILED,
                 entity_type="user", entity_id=user_id if user_id is not None else typed,
                 after={"username": typed}, reason=why, at=now)


def _take_slot(session: Session, *, user: User, settings: Settings, now: datetime) -> Slot:
    until = now + timedelta(minutes=settings.login_lockout_minutes)
    return take_slot(session, User, user.id, counter="failed_logins", lock="locked_until",
                     limit=settings.login_max_failures, until=until, now=now)


def _locked_error(session: Session, *, user: User, now: datetime) -> AccountLocked:
    session.refresh(user, ["locked_until"])
    if (minutes := minutes_left(user.locked_until, now)) is not None:
        return AccountLocked("Account locked after repeated failures; try again in {minutes} min.", minutes=minutes)
    return AccountLocked("Account locked after repeated failures; try again later.")


def _wrong(session: Session, *, user: User, slot: Slot, settings: Settings,
           wrong: str = "Unknown username or wrong password.") -> AuthError:
    """The error for a wrong password whose slot was counted; the slot that set the lock audits it."""
    if not slot.locks_now:
        return InvalidCredentials(wrong)
    session.refresh(user, ["locked_until"])
    audit.record(session, actor=user, action=AuditAction.USER_LOCKED, entity_type="user", entity_id=user.id,
                 after={"locked_until": user.locked_until}, reason=N_("too many failed sign-ins"))
    return AccountLocked("Too many failed sign-ins; account locked for {minutes} min.",
                         minutes=settings.login_lockout_minutes)


def _open_session(session: Session, *, user: User, settings: Settings, now: datetime) -> LoginAttempt:
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(
        token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_max_hours),
    ))
    reset_slots(session, User, user.id, counter="failed_logins", lock="locked_until")
    user.last_login_at = now
    audit.record(session, actor=user, action=AuditAction.USER_LOGIN, entity_type="user", entity_id=user.id)
    return LoginAttempt(user=user, token=token)


def resolve_session(session: Session, *, token: str, settings: Settings, now: datetime | None = None) -> User:
    """The user behind a session token; refreshes its idle timer or raises SessionExpired."""
    now = now or utcnow()
    login = session.scalar(select(LoginSession).where(LoginSession.token_hash == _token_hash(token)))
    if login is None or login.revoked_at is not None:
        raise SessionExpired("Your session has ended; please sign in again.")
    idle_limit = login.last_seen_at + timedelta(minutes=settings.session_idle_minutes)
    if now >= login.expires_at or now >= idle_limit:
        login.revoked_at = now
        raise SessionExpired("Your session expired; please sign in again.")
    if not login.user.active:
        raise AccountDisabled("This account has been deactivated.")
    login.last_seen_at = now
    return login.user


def logout(session: Session, *, token: str) -> None:
    """Revoke a session token (unknown tokens are ignored)."""
    login = session.scalar(select(LoginSession).where(LoginSession.token_hash == _token_hash(token)))
    if login is not None and login.revoked_at is None:
        login.revoked_at = utcnow()
        audit.record(session, actor=login.user, action=AuditAction.USER_LOGOUT,
                     entity_type="user", entity_id=login.user_id)


def change_password(session: Session, *, token: str, current_password: str, new_password: str, settings: Settings,
                    now: datetime | None = None) -> AuthError | None:
    """Change the signed-in user's own password and sign out their other sessions.

    A wrong current password counts towards the lockout like a failed sign-in, so that error is returned
    rather than raised: the caller commits the count, then raises it.
    """
    now = now or utcnow()
    user = resolve_session(session, token=token, settings=settings, now=now)
    slot = _take_slot(session, user=user, settings=settings, now=now)
    if not slot.granted:
        raise AccountLocked("Account locked after repeated wrong passwords; ask an admin or wait for the lock to end.")
    if not verify_password(user.password_hash, current_password):
        return _wrong(session, user=user, slot=slot, settings=settings, wrong="The current password is wrong.")
    if new_password == current_password:
        raise InvalidInput("The new password must differ from the current one.")
    check_password_strength(new_password, username=user.username)
    reset_slots(session, User, user.id, counter="failed_logins", lock="locked_until")
    user.password_hash = hash_password(new_password)
    others = revoke_sessions(session, user_id=user.id, now=now, keep_token_hash=_token_hash(token))
    audit.record(session, actor=user, action=AuditAction.USER_CHANGE_PASSWORD, entity_type="user", entity_id=user.id,
                 after={"other_sessions_signed_out": others})
    return None
