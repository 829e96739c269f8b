"""one running scan per stream: a partial unique index, so two workers never scan one stream at once

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNNING = sa.text("status = 'running'")


def upgrade() -> None:
    # Older duplicates (left by killed processes) would block the index: all but the newest are failed.
    op.execute("""UPDATE scans SET status = 'failed', error = 'superseded: another scan of the stream was running'
                  WHERE status = 'running' AND id NOT IN (SELECT max(id) FROM scans WHERE status = 'running'
                                                          GROUP BY stream_id)""")
    op.create_index("uq_scans_one_running", "scans", ["stream_id"], unique=True, sqlite_where=RUNNING,
                    postgresql_where=RUNNING)


def downgrade() -> None:
    op.drop_index("uq_scans_one_running", table_name="scans")
