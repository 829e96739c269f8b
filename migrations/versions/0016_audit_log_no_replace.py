"""audit log on SQLite: INSERT OR REPLACE refused whatever the connection's pragmas

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

REPLACE deletes the old row without firing DELETE triggers unless the connection turned recursive_triggers on,
which the console's connections do but a plain sqlite3 connection does not: there a REPLACE rewrote an audit
event. A BEFORE INSERT trigger fires before the conflict is resolved, so an insert whose id is already taken is
refused on every connection. (PostgreSQL has no REPLACE; its ON CONFLICT DO UPDATE is an UPDATE, refused since
0006.)
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("""CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
                      WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
                      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_replace")
