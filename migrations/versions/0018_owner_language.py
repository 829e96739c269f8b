"""owners: the language the platform tells an owner in (None: Chinese, the platform's own)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("owners", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column("owners", "language")
