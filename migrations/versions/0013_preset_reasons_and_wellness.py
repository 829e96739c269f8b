"""desk: preset reasons per decision (editable by leads), decision drafts, per-user evidence wellness settings

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECISIONS = ("dismiss", "take_down", "make_private", "escalate")


def N_(message: str) -> str:
    """Marked for the console's catalogue: the desk shows these defaults in the reviewer's language."""
    return message


DEFAULTS = {
    "dismiss": [N_("No person who did not consent is visible"), N_("The stream shows the owner's own home or land"),
                N_("Duplicate of a report already decided")],
    "take_down": [N_("Passers-by or customers are broadcast without consent"), N_("Pupils or minors are visible"),
                  N_("Indecent content")],
    "make_private": [N_("Family viewing only: keep it for the owner's household"),
                     N_("Campus stream: parents only, with the teacher's password")],
    "escalate": [N_("Welfare or public-interest stream: needs a compliance lead"), N_("Unclear consent: needs a lead")],
}


def upgrade() -> None:
    presets = op.create_table(
        "preset_reasons",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("decision", sa.Enum(*DECISIONS, name="preset_decision", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_preset_reasons_decision", "preset_reasons", ["decision", "position"])
    op.bulk_insert(presets, [{"decision": d, "text": t, "position": i}
                             for d, texts in DEFAULTS.items() for i, t in enumerate(texts)])
    op.create_table(
        "decision_drafts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("decision", sa.Enum(*DECISIONS, name="draft_decision", native_enum=False, create_constraint=True),
                  nullable=True),
        sa.Column("preset", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "report_id", name="uq_decision_drafts_user_id"),
    )
    # Plain ADD COLUMN (not a batch copy of users, which SQLite cannot drop while reports point at it).
    op.add_column("users", sa.Column("evidence_grayscale", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("users", sa.Column("evidence_blur", sa.Integer(), server_default="31", nullable=False))


def downgrade() -> None:
    op.drop_column("users", "evidence_blur")  # SQLite 3.35+ drops a column in place
    op.drop_column("users", "evidence_grayscale")
    op.drop_table("decision_drafts")
    op.drop_index("ix_preset_reasons_decision", table_name="preset_reasons")
    op.drop_table("preset_reasons")
