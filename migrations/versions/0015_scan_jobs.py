"""scan_jobs (one job per stream and window, leased to one worker), scheduler_leases, scans.job_id (one scan per job)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JOB_STATUSES = ("queued", "running", "failed", "done", "dead")


def upgrade() -> None:
    op.create_table(
        "scan_jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("stream_id", sa.Integer(), sa.ForeignKey("streams.id"), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Enum(*JOB_STATUSES, name="job_status", native_enum=False, create_constraint=True,
                                    length=7), nullable=False),
        sa.Column("queue", sa.String(length=40), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim", sa.String(length=80), nullable=True),
        sa.Column("scan_id", sa.Integer(), sa.ForeignKey("scans.id"), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.UniqueConstraint("stream_id", "window_start", name="uq_scan_jobs_stream_window"),
    )
    op.create_index("ix_scan_jobs_status_enqueued_at", "scan_jobs", ["status", "enqueued_at"])
    op.create_table(
        "scheduler_leases",
        sa.Column("name", sa.String(length=40), primary_key=True),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("scans") as batch:
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint("uq_scans_job_id", ["job_id"])


def downgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.drop_constraint("uq_scans_job_id", type_="unique")
        batch.drop_column("job_id")
    op.drop_table("scheduler_leases")
    op.drop_index("ix_scan_jobs_status_enqueued_at", table_name="scan_jobs")
    op.drop_table("scan_jobs")
