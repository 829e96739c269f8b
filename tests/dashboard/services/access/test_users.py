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
