"""Per-process settings and engine for the Streamlit app, and a session helper for pages."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dashboard.config import ENV_PREFIX, Settings, load_settings
from dashboard.db.session import engine_for, once_more_if_disconnected, unit_of_work

T = TypeVar("T")


def settings() -> Settings:
    """The settings for the current CONSOLE_* environment, validated once per distinct environment.

    Pages ask for them many times per rerun; keying on the variables (not caching forever) lets a test
    point the app at its own database.
    """
    return _settings_for(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIX))))


@lru_cache(maxsize=8)
def _settings_for(_environment: tuple[tuple[str, str], ...]) -> Settings:
    return load_settings()


def engine() -> Engine:
    """The shared engine for the configured database."""
    return engine_for(settings().sqlalchemy_url)


@contextmanager
def db() -> Iterator[Session]:
    """A unit of work on the console database."""
    with unit_of_work(engine()) as session:
        yield session


def read(service: Callable[..., T], /, **kwargs: object) -> T:
    """Call a service that only reads, in a unit of work of its own (pages never hold a session); a dropped
    connection is retried once."""
    def once() -> T:
        with db() as session:
            return service(session, **kwargs)

    return once_more_if_disconnected(once)
