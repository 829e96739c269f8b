"""The page tests' databases: a seeded demo database per test module (read, or acted on in rows of a test's own),
and a private copy for a test that changes the whole platform."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dashboard.config import load_settings
from dashboard.db.session import make_engine, unit_of_work
from dashboard.services.data.demo import seed_demo


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, sqlite_template) -> Path:
    """A small seeded SQLite database shared by the page tests (they only read, or act on their own rows)."""
    path = tmp_path_factory.mktemp("pages") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with unit_of_work(engine) as session:
        seed_demo(session, settings=load_settings(demo_mode=True), streams=500, seed=4,
                  now=datetime.now(timezone.utc))
    engine.dispose()
    return path


@pytest.fixture
def app_env(_clean_console_env, demo_db, monkeypatch, tmp_path):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CONSOLE_DATABASE_URL", f"sqlite:///{demo_db}")
    monkeypatch.setenv("CONSOLE_LANGUAGE", "en")  # these tests follow the flows by their English labels
    return demo_db


@pytest.fixture
def own_app_env(app_env, tmp_path, monkeypatch):
    """A private copy of the demo database, for tests that change the whole platform."""
    path = tmp_path / "own.sqlite3"
    shutil.copy(app_env, path)
    monkeypatch.setenv("CONSOLE_DATABASE_URL", f"sqlite:///{path}")
    return path
