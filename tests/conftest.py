"""Shared fixtures: a migrated database per test on SQLite and on PostgreSQL, settings, factories."""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dashboard.config import Settings, load_settings
from dashboard.db.admin import create_database, drop_database
from dashboard.db.migrate import upgrade
from dashboard.db.session import make_engine

PG_ADMIN_URL = os.environ.get("CONSOLE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _clean_console_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CONSOLE_* variable of the developer's shell leaks into a test."""
    for key in list(os.environ):
        if key.startswith("CONSOLE_"):
            monkeypatch.delenv(key)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Demo-mode settings with a private data directory."""
    return load_settings(demo_mode=True, data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def _pg_reachable() -> bool:
    try:
        with create_engine(PG_ADMIN_URL).connect() as conn:
            conn.execute(text("select 1"))
        return True
    except OperationalError:
        return False


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated to head, dropped afterwards."""
    if not _pg_reachable():
        message = f"PostgreSQL not reachable at {PG_ADMIN_URL}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so PostgreSQL tests must run)")
        pytest.skip(message)
    with _migrated_database(f"console_test_{uuid.uuid4().hex[:10]}") as url:
        yield url


@contextmanager
def _migrated_database(name: str) -> Iterator[str]:
    url = create_database(PG_ADMIN_URL, name)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        drop_database(PG_ADMIN_URL, name)


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """A PostgreSQL database of its own, migrated, for a test that commits a lot or counts everything."""
    with _migrated_database(f"{pg_url.rsplit('/', 1)[1]}_{uuid.uuid4().hex[:6]}") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database for one test: a fresh SQLite copy, or the run's PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    engine = make_engine(request.getfixturevalue("pg_url"))
    yield engine
    engine.dispose()


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back at the end (commits become savepoints)."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test's database, rolled back after the test."""
    with rolled_back(engine) as db:
        yield db


@pytest.fixture(params=["sqlite", "postgresql"])
def isolated_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database of this test's own on each backend, for tests that count everything in it and commit."""
    if request.param == "sqlite":
        path = tmp_path / "isolated.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("fresh_pg_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()
