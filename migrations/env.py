"""Alembic environment: URL from Settings (or a connection handed in), batch mode for SQLite."""
from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from dashboard.config import get_settings
from dashboard.db import models  # noqa: F401  (registers the tables)
from dashboard.db.base import Base, UTCDateTime
from dashboard.db.session import make_engine

target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Render our UTC wrapper as its portable impl so migrations do not import app code.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection given by the caller, or the configured database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = make_engine(get_settings().sqlalchemy_url)
    with engine.connect() as conn:
        _configure(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
