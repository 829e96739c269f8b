"""Per-process settings and engine for the Streamlit app, and a session helper for pages."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dashboard.config import Settings, load_settings
from dashboard.db.session import engine_for, unit_of_work


def settings() -> Settings:
    """Settings read from the environment (cheap; re-read so tests can point at their own DB)."""
    return load_settings()


def engine() -> Engine:
    """The shared engine for the configured database."""
    return engine_for(settings().sqlalchemy_url)


@contextmanager
def db() -> Iterator[Session]:
    """A unit of work on the console database."""
    with unit_of_work(engine()) as session:
        yield session

