"""Create and drop PostgreSQL databases (tests and benchmarks get databases of their own)."""
from __future__ import annotations

from sqlalchemy import create_engine, text


def _admin(admin_url: str):
    return create_engine(admin_url, isolation_level="AUTOCOMMIT")


def create_database(admin_url: str, name: str, *, replace: bool = False) -> str:
    """Create a database on the server behind admin_url and return its URL."""
    admin = _admin(admin_url)
    with admin.connect() as conn:
        if replace:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(admin_url: str, name: str) -> None:
    """Drop a database, closing any connection still open to it."""
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
