"""Engine and session factories, and the unit-of-work context manager callers commit through."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from pathlib import Path

from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # INSERT OR REPLACE deletes the old row without firing DELETE triggers unless this is on, which let a
    # REPLACE rewrite an audit event past the append-only triggers.
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # UTC sessions make date_trunc/extract mean UTC; JIT costs more than it saves on the console's short queries.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=40,
                         connect_args={"options": "-c timezone=UTC -c jit=off"})


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One shared engine per URL per process."""
    return make_engine(url)


UnitOfWork = Callable[[], AbstractContextManager[Session]]  # a fresh transaction each call (a worker's step)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def once_more_if_disconnected(call: Callable[[], T]) -> T:
    """Run a whole unit of work again, once, when the database dropped its connection in the middle of it (a
    restarted server, a killed backend): the transaction died with the connection, so nothing of it was kept.
    A second drop is raised, and the error boundary shows it as one short message with a reference id."""
    try:
        return call()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        log.warning("database connection lost (%s); the unit of work runs once more",
                    str(error.orig).splitlines()[0] if error.orig else type(error).__name__)
        return call()
