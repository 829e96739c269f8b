"""PostgreSQL roles: the console runs as a member of console_app; audit_events belongs to console_audit_owner

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

console_app may read and write every table but may only SELECT and INSERT audit events: no UPDATE, DELETE or
TRUNCATE, and, not being the owner, no DROP/DISABLE of the append-only triggers. A deployment runs migrations
as a superuser or the schema owner, and the console as a login role that is a member of console_app:
    CREATE ROLE console LOGIN PASSWORD '...' IN ROLE console_app;
Tables created by later migrations are granted through default privileges. SQLite has no roles (no-op).
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DML = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCES = "USAGE, SELECT, UPDATE"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Roles are per cluster: another database of the same cluster may have made them already.
    op.execute("""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'console_app') THEN CREATE ROLE console_app NOLOGIN;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'console_audit_owner') THEN
            CREATE ROLE console_audit_owner NOLOGIN;
        END IF;
    END $$""")
    op.execute("GRANT USAGE ON SCHEMA public TO console_app")
    op.execute(f"GRANT {DML} ON ALL TABLES IN SCHEMA public TO console_app")
    op.execute(f"GRANT {SEQUENCES} ON ALL SEQUENCES IN SCHEMA public TO console_app")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM console_app")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {DML} ON TABLES TO console_app")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {SEQUENCES} ON SEQUENCES TO console_app")
    op.execute("ALTER TABLE audit_events OWNER TO console_audit_owner")  # its id sequence moves with it
    op.execute("ALTER FUNCTION audit_events_append_only() OWNER TO console_audit_owner")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER FUNCTION audit_events_append_only() OWNER TO CURRENT_USER")
    op.execute("ALTER TABLE audit_events OWNER TO CURRENT_USER")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE {SEQUENCES} ON SEQUENCES FROM console_app")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE {DML} ON TABLES FROM console_app")
    op.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM console_app")
    op.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM console_app")
    op.execute("REVOKE USAGE ON SCHEMA public FROM console_app")
