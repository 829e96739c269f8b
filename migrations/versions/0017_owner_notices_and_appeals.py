"""owner_notices (statements of reasons, an outbox with a delivery state) and appeals (one per notice)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("take_down", "suspend", "make_private", "sticker_revoked", "shut_down", "appeal_upheld", "appeal_overturned")
SOURCES = ("scan_flag", "user_report", "reviewer", "compliance", "shutdown")
DELIVERY = ("pending", "delivered", "failed")
APPEAL = ("open", "upheld", "overturned")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


def upgrade() -> None:
    op.create_table(
        "owner_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(length=36), nullable=False, unique=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id"), nullable=False, index=True),
        sa.Column("stream_id", sa.Integer(), sa.ForeignKey("streams.id"), nullable=False, index=True),
        sa.Column("kind", _enum(KINDS, "notice_kind"), nullable=False),
        sa.Column("ground", sa.String(length=40), nullable=False),
        sa.Column("source", _enum(SOURCES, "notice_source"), nullable=False),
        sa.Column("source_detail", sa.String(length=80), nullable=True),
        sa.Column("automated", sa.Boolean(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("appeal_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("appeal_id", sa.Integer(), nullable=True),
        sa.Column("delivery_state", _enum(DELIVERY, "delivery_state"), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index("ix_owner_notices_delivery", "owner_notices", ["delivery_state", "next_attempt_at"])
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("external_id", sa.String(length=64), nullable=False, unique=True),
        sa.Column("notice_id", sa.Integer(), sa.ForeignKey("owner_notices.id"), nullable=False, unique=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sla_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", _enum(APPEAL, "appeal_status"), nullable=False),
        sa.Column("claimed_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
    )
    op.create_index("ix_appeals_queue", "appeals", ["status", "sla_due_at"])


def downgrade() -> None:
    op.drop_index("ix_appeals_queue", table_name="appeals")
    op.drop_table("appeals")
    op.drop_index("ix_owner_notices_delivery", table_name="owner_notices")
    op.drop_table("owner_notices")
