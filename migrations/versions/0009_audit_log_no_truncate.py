"""audit log: TRUNCATE refused too (PostgreSQL statement trigger; SQLite has no TRUNCATE)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

Row triggers (0006) do not fire on TRUNCATE, so a TRUNCATE emptied the log. The same function now also backs
a BEFORE TRUNCATE trigger. A superuser can still disable triggers: the console should connect as a role that
does not own audit_events (see the README's security section).
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
