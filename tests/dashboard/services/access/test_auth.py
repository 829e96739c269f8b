"""Sign-in, lockout and session expiry against a real database."""
from __future__ import annotations

from datetime import timedelta

import pytest

from dashboard.clock import utcnow
from dashboard.db.models import AuditEvent
from dashboard.errors import AccountDisabled, AccountLocked, InvalidCredentials, InvalidInput, SessionExpired
from dashboard.services.access import auth
from tests.factories import PASSWORD, make_user


def test_correct_password_opens_a_session(session, settings):
    user = make_user(session)
    attempt = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings)
    assert attempt.error is None and attempt.token
    assert auth.resolve_session(session, token=attempt.token, settings=settings).id == user.id
    assert user.last_login_at is not None


def test_wrong_password_and_unknown_user_look_the_same(session, settings):
    user = make_user(session)
    wrong = auth.attempt_login(session, username=user.username, password="not-it-at-all", settings=settings)
    unknown = auth.attempt_login(session, username="nobody", password=PASSWORD, settings=settings)
    assert isinstance(wrong.error, InvalidCredentials) and isinstance(unknown.error, InvalidCredentials)
    assert str(wrong.error) == str(unknown.error)
    assert user.failed_logins == 1
    with pytest.raises(InvalidCredentials):
        wrong.raise_for_error()


def test_lockout_after_repeated_failures_refuses_even_the_right_password(session, settings):
    user = make_user(session)
    now = utcnow()
    for _ in range(settings.login_max_failures):
        last = auth.attempt_login(session, username=user.username, password="wrong-password", settings=settings, now=now)
    assert isinstance(last.error, AccountLocked)
    locked = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings, now=now)
    assert isinstance(locked.error, AccountLocked)
    assert session.query(AuditEvent).filter_by(action="user.locked", entity_id=str(user.id)).count() == 1
    later = now + timedelta(minutes=settings.login_lockout_minutes, seconds=1)
    assert auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings, now=later).token


def test_deactivated_account_cannot_sign_in(session, settings):
    user = make_user(session, active=False)
    attempt = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings)
    assert isinstance(attempt.error, AccountDisabled)


def test_idle_session_expires(session, settings):
    user = make_user(session)
    now = utcnow()
    token = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings, now=now).token
    auth.resolve_session(session, token=token, settings=settings, now=now + timedelta(minutes=5))
    idle = now + timedelta(minutes=5 + settings.session_idle_minutes)
    with pytest.raises(SessionExpired):
        auth.resolve_session(session, token=token, settings=settings, now=idle)
    with pytest.raises(SessionExpired):  # revoked for good, even if time went back
        auth.resolve_session(session, token=token, settings=settings, now=now + timedelta(minutes=6))


def test_absolute_session_lifetime_even_when_active(session, settings):
    user = make_user(session)
    now = utcnow()
    token = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings, now=now).token
    t = now
    while t < now + timedelta(hours=settings.session_max_hours) - timedelta(minutes=10):
        t += timedelta(minutes=10)
        auth.resolve_session(session, token=token, settings=settings, now=t)
    with pytest.raises(SessionExpired):
        auth.resolve_session(session, token=token, settings=settings, now=t + timedelta(minutes=11))


def test_logout_revokes_and_unknown_token_is_refused(session, settings):
    user = make_user(session)
    token = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings).token
    auth.logout(session, token=token)
    with pytest.raises(SessionExpired):
        auth.resolve_session(session, token=token, settings=settings)
    with pytest.raises(SessionExpired):
        auth.resolve_session(session, token="made-up", settings=settings)


@pytest.mark.parametrize("password", ["short", "aaaaaaaaaaaa", "rita-is-my-name"])
def test_weak_passwords_refused(password):
    with pytest.raises(InvalidInput):
        auth.check_password_strength(password, username="rita")


def test_hash_is_argon2_and_verifies():
    hashed = auth.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert auth.verify_password(hashed, PASSWORD) and not auth.verify_password(hashed, PASSWORD + "x")


def _signed_in_twice(session, settings):
    user = make_user(session)
    tokens = [auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings).token
              for _ in range(2)]
    return user, tokens


def test_own_password_change_signs_out_the_other_sessions(session, settings):
    user, (here, elsewhere) = _signed_in_twice(session, settings)
    error = auth.change_password(session, token=here, current_password=PASSWORD, new_password="night-shift-owl-7",
                                 settings=settings)
    assert error is None
    assert auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings).error
    assert auth.attempt_login(session, username=user.username, password="night-shift-owl-7", settings=settings).token
    assert auth.resolve_session(session, token=here, settings=settings).id == user.id
    with pytest.raises(SessionExpired):
        auth.resolve_session(session, token=elsewhere, settings=settings)
    event = session.query(AuditEvent).filter_by(action="user.change_password", entity_id=str(user.id)).one()
    assert event.after == {"other_sessions_signed_out": 1}
    assert "night-shift-owl-7" not in f"{event.before}{event.after}{event.reason}"


def test_wrong_current_password_counts_towards_the_lockout(session, settings):
    user, (token, _) = _signed_in_twice(session, settings)
    errors = [auth.change_password(session, token=token, current_password="guess-number-x",
                                   new_password="whatever-1234", settings=settings)
              for _ in range(settings.login_max_failures)]
    assert "current password is wrong" in str(errors[0]) and isinstance(errors[-1], AccountLocked)
    with pytest.raises(AccountLocked):  # locked: even the right current password is refused now
        auth.change_password(session, token=token, current_password=PASSWORD, new_password="night-shift-owl-7",
                             settings=settings)
    assert auth.verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize(("new", "message"), [(PASSWORD, "differ"), ("short", "at least 10")])
def test_same_or_weak_new_password_refused(session, settings, new, message):
    user, (token, _) = _signed_in_twice(session, settings)
    with pytest.raises(InvalidInput, match=message):
        auth.change_password(session, token=token, current_password=PASSWORD, new_password=new, settings=settings)
    assert auth.verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize(("typed", "password", "why"), [
    ("known", "wrong-password-here", "wrong password"),
    ("nobody-by-this-name\x1b[2J", "whatever-1234", "unknown username"),
])
def test_failed_sign_ins_are_audited(session, settings, typed, password, why):
    from sqlalchemy import select

    user = make_user(session)
    name = user.username if typed == "known" else typed
    auth.attempt_login(session, username=name, password=password, settings=settings)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.login_failed"))
    assert event.reason == why and event.actor_name == "sign-in"
    assert event.entity_id == (str(user.id) if typed == "known" else "nobody-by-this-name[2J")  # no control chars
