"""covering indexes for the manager page's report aggregates (PostgreSQL INCLUDE; SQLite unchanged)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_reports_received_at": ("received_at", ["priority", "decided_at", "sla_due_at"]),
    "ix_reports_decided_at": ("decided_at", ["decided_by_id", "closed_by_report_id"]),
}


def _rebuild(with_include: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no INCLUDE: its plain indexes stay as they are
    for name, (column, include) in INDEXES.items():
        op.drop_index(name, table_name="reports")
        op.create_index(name, "reports", [column], postgresql_include=include if with_include else [])


def upgrade() -> None:
    _rebuild(with_include=True)


def downgrade() -> None:
    _rebuild(with_include=False)
