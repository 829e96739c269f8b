"""User administration."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.enums import Role
from dashboard.db.models import AuditEvent
from dashboard.errors import Conflict, InvalidInput
from dashboard.services.access import users
from dashboard.services.access.auth import verify_password
from tests.factories import make_user


def test_create_user_hashes_password_and_audits(session):
    admin = make_user(session, role=Role.ADMIN)
    user = users.create_user(session, actor=admin, username="Nora", display_name="Nora N", role="reviewer",
                             password="night-desk-2026!")
    assert user.username == "nora" and user.role == Role.REVIEWER
    assert verify_password(user.password_hash, "night-desk-2026!")
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create",
                                                    AuditEvent.entity_id == str(user.id)))
    assert event.after["role"] == "reviewer" and "password" not in str(event.after)


@pytest.mark.parametrize(("username", "role", "password", "error"), [
    ("x", "reviewer", "a-good-long-pass", InvalidInput),
    ("valid", "superuser", "a-good-long-pass", InvalidInput),
    ("valid", "reviewer", "short", InvalidInput),
])
def test_bad_user_input(session, username, role, password, error):
    admin = make_user(session, role=Role.ADMIN)
    with pytest.raises(error):
        users.create_user(session, actor=admin, username=username, display_name="", role=role, password=password)


def test_duplicate_username_and_self_deactivation_refused(session):
    admin = make_user(session, role=Role.ADMIN)
    with pytest.raises(Conflict):
        users.create_user(session, actor=admin, username=admin.username, display_name="", role="reviewer",
                          password="a-good-long-pass")
    with pytest.raises(Conflict):
        users.set_active(session, actor=admin, user_id=admin.id, active=False, reason="oops")


def test_reset_password_clears_lockout(session):
    admin = make_user(session, role=Role.ADMIN)
    target = make_user(session)
    target.failed_logins = 3
    users.reset_password(session, actor=admin, user_id=target.id, password="fresh-start-2026")
    assert target.failed_logins == 0 and target.locked_until is None
    assert verify_password(target.password_hash, "fresh-start-2026")


def _signed_in(session, settings):
    from dashboard.services.access import auth
    from tests.factories import PASSWORD

    user = make_user(session, role=Role.REVIEWER)
    attempt = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings)
    return user, attempt.token


@pytest.mark.parametrize("change", ["reset_password", "deactivate_then_reactivate"])
def test_an_admin_action_on_an_account_ends_its_sessions(session, settings, change):
    from dashboard.errors import SessionExpired
    from dashboard.services.access import auth

    admin = make_user(session, role=Role.ADMIN)
    user, token = _signed_in(session, settings)
    assert auth.resolve_session(session, token=token, settings=settings).id == user.id
    if change == "reset_password":
        users.reset_password(session, actor=admin, user_id=user.id, password="fresh-start-2026")
    else:
        users.set_active(session, actor=admin, user_id=user.id, active=False, reason="left the team")
        users.set_active(session, actor=admin, user_id=user.id, active=True, reason="came back")
    with pytest.raises(SessionExpired):
        auth.resolve_session(session, token=token, settings=settings)


@pytest.mark.parametrize("weak", ["1234567890", "password12", "qwertyuiop", "aaaaaaaaaaaa"])
def test_common_and_repetitive_passwords_are_refused(session, weak):
    admin = make_user(session, role=Role.ADMIN)
    with pytest.raises(InvalidInput, match="too weak|too repetitive"):
        users.create_user(session, actor=admin, username="nora", display_name="Nora", role=Role.REVIEWER,
                          password=weak)


def test_a_language_outside_the_catalogues_is_refused(session):
    from dashboard.errors import InvalidInput
    from dashboard.services.access.users import set_language

    user = make_user(session)
    assert set_language(session, actor=user, language="en").language == "en"
    with pytest.raises(InvalidInput, match="zh_CN, en"):
        set_language(session, actor=user, language="fr")
