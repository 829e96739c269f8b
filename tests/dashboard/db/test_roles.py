"""PostgreSQL: the console's role may add audit events but not change, empty or unprotect the audit log."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from dashboard.db.models import AuditEvent, Stream
from dashboard.db.session import make_engine, unit_of_work
from dashboard.enums import AuditAction
from dashboard.services.access import audit
from dashboard.services.access.permissions import SYSTEM
from tests.factories import make_stream


@pytest.fixture
def console_engine(fresh_pg_url: str) -> Iterator[Engine]:
    """An engine connected as a new login role in console_app, as a deployment runs the console."""
    role = f"console_test_{uuid.uuid4().hex[:8]}"
    owner = make_engine(fresh_pg_url)
    with owner.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN IN ROLE console_app'))
    engine = make_engine(make_url(fresh_pg_url).set(username=role).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with owner.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        owner.dispose()


def test_the_audit_log_belongs_to_another_role(console_engine):
    with console_engine.connect() as conn:
        owner, me = conn.execute(text("SELECT tableowner, current_user FROM pg_tables "
                                      "WHERE tablename = 'audit_events'")).one()
        assert owner == "console_audit_owner" and me != owner
        assert not conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()


def test_the_console_role_works_and_records_audit_events(console_engine):
    with unit_of_work(console_engine) as session:
        stream = make_stream(session)
        audit.record(session, actor=SYSTEM, action=AuditAction.STREAM_IMPORT, entity_type="stream",
                     entity_id=stream.id, after={"title": stream.title})
    with unit_of_work(console_engine) as session:
        assert session.scalar(select(Stream.title).where(Stream.id == stream.id)) == stream.title
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.entity_id == str(stream.id))) == \
            AuditAction.STREAM_IMPORT.value


@pytest.mark.parametrize("statement", [
    "TRUNCATE audit_events",
    "UPDATE audit_events SET reason = 'rewritten'",
    "DELETE FROM audit_events",
    "DROP TRIGGER audit_events_no_truncate ON audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
    "DROP TABLE audit_events",
    "ALTER FUNCTION audit_events_append_only() RENAME TO gone",
])
def test_the_console_role_cannot_alter_the_audit_log(console_engine, statement):
    with unit_of_work(console_engine) as session:
        audit.record(session, actor=SYSTEM, action=AuditAction.DEMO_SEED, entity_type="platform", entity_id=1)
    with console_engine.connect() as conn, pytest.raises(ProgrammingError, match="permission denied|must be owner"):
        conn.execute(text(statement))
    with console_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
        triggers = conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass "
                                     "AND NOT tgisinternal AND tgenabled <> 'D'")).scalar()
        assert triggers >= 2
