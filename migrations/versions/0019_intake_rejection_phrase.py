"""intake_rejections: a rejected record's reason keeps its template and values, said in the reader's language

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("intake_rejections", sa.Column("reason_phrase", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("intake_rejections", "reason_phrase")
