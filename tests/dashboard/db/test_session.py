"""A unit of work whose database connection is dropped mid-way (PostgreSQL restarted, backend killed) runs once
more instead of surfacing a raw OperationalError; a second drop is raised for the error boundary."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from dashboard.db.session import make_engine, once_more_if_disconnected, unit_of_work


@pytest.fixture
def pg(pg_url):
    engine, admin = make_engine(pg_url), create_engine(pg_url, isolation_level="AUTOCOMMIT")
    yield engine, admin
    engine.dispose()
    admin.dispose()


def _killed_then(engine, admin, kills: list[int], times: int):
    """A unit of work that reads, has its own backend killed the first `times` times, and reads again."""
    def unit() -> int:
        with unit_of_work(engine) as session:
            pid = session.scalar(text("SELECT pg_backend_pid()"))
            if len(kills) < times:
                kills.append(pid)
                with admin.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            return session.scalar(text("SELECT 41 + 1"))
    return unit


def test_a_connection_killed_mid_unit_is_retried_once(pg):
    engine, admin = pg
    kills: list[int] = []
    assert once_more_if_disconnected(_killed_then(engine, admin, kills, times=1)) == 42
    assert len(kills) == 1


def test_a_second_drop_is_raised_for_the_error_boundary(pg):
    engine, admin = pg
    kills: list[int] = []
    with pytest.raises(OperationalError) as raised:
        once_more_if_disconnected(_killed_then(engine, admin, kills, times=2))
    assert raised.value.connection_invalidated and len(kills) == 2


def test_other_database_errors_are_not_retried(pg):
    engine, _admin = pg
    calls: list[int] = []

    def unit() -> None:
        calls.append(1)
        with unit_of_work(engine) as session:
            session.execute(text("SELECT no_such_column FROM audit_events"))

    with pytest.raises(Exception, match="no_such_column"):
        once_more_if_disconnected(unit)
    assert calls == [1]
