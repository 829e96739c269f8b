"""Constraints live in the database, not only in Python: bad rows are refused by the engine."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.factories import make_report, make_stream


def _insert_owner(session, external_id: str, kind: str) -> None:
    session.execute(text("INSERT INTO owners (external_id, name, kind, real_name_verified, background_check, "
                         "created_at) VALUES (:e, 'x', :k, false, 'pending', CURRENT_TIMESTAMP)"),
                    {"e": external_id, "k": kind})


def test_unknown_enum_value_is_refused_by_check_constraint(session):
    with pytest.raises(IntegrityError), session.begin_nested():
        _insert_owner(session, "raw-1", "alien")


def test_duplicate_external_id_is_refused_by_unique_key(session):
    _insert_owner(session, "raw-2", "merchant")
    with pytest.raises(IntegrityError), session.begin_nested():
        _insert_owner(session, "raw-2", "merchant")


def test_report_priority_range_and_foreign_keys(session):
    stream = make_stream(session)
    report = make_report(session, stream=stream)
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(text("UPDATE reports SET priority = 7 WHERE id = :i"), {"i": report.id})
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(text("UPDATE reports SET stream_id = 999999 WHERE id = :i"), {"i": report.id})


def test_audit_log_is_append_only_in_the_database(session):
    from sqlalchemy.exc import DBAPIError

    from dashboard.enums import AuditAction
    from dashboard.services.access import audit
    from dashboard.services.access.permissions import SYSTEM

    event = audit.record(session, actor=SYSTEM, action=AuditAction.DEMO_SEED, entity_type="test", entity_id=1)
    session.flush()
    statements = ["UPDATE audit_events SET reason = 'rewritten' WHERE id = :i", "DELETE FROM audit_events WHERE id = :i"]
    if session.bind.dialect.name == "postgresql":  # row triggers do not fire on TRUNCATE: a statement one does
        statements.append("TRUNCATE audit_events")
    if session.bind.dialect.name == "sqlite":  # REPLACE deletes and re-inserts: it must meet the same trigger
        statements.append("INSERT OR REPLACE INTO audit_events (id, at, actor_name, action, entity_type, entity_id) "
                          "SELECT id, at, 'forger', action, entity_type, entity_id FROM audit_events WHERE id = :i")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
            session.execute(text(statement), {"i": event.id})


def test_a_plain_sqlite_connection_cannot_replace_an_audit_event(tmp_path, sqlite_template):
    """sqlite3 without the console's pragmas (recursive_triggers off): REPLACE must still be refused."""
    import shutil
    import sqlite3

    path = tmp_path / "plain.sqlite3"
    shutil.copy(sqlite_template, path)
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO audit_events (id, at, actor_name, action, entity_type, entity_id) "
                       "VALUES (1, '2026-12-01 00:00:00', 'system', 'demo.seed', 'test', '1')")
    connection.commit()
    assert connection.execute("PRAGMA recursive_triggers").fetchone() == (0,)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute("INSERT OR REPLACE INTO audit_events (id, at, actor_name, action, entity_type, entity_id) "
                           "VALUES (1, '2026-12-01 00:00:00', 'forger', 'demo.seed', 'test', '1')")
    assert connection.execute("SELECT actor_name FROM audit_events WHERE id = 1").fetchone() == ("system",)
    connection.close()
