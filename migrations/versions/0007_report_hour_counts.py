"""report_hour_counts: hourly report counts kept current by triggers on reports, for the manager page

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21

Every insert, update and delete on reports adds its change to the counts in the same transaction, whatever
code path made it (the desk, intake, the demo generator, bulk SQL). PostgreSQL uses statement-level triggers
over transition tables, so a bulk statement costs one grouped upsert; SQLite has only row-level triggers.
Note: a SQLite batch_alter_table on reports recreates the table and drops these triggers; re-create them.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "report_hour_counts"
SQLITE_TRIGGERS = ("report_hour_counts_insert", "report_hour_counts_update", "report_hour_counts_delete")
# Only these columns change what a report counts for; claims and lease renewals leave the counts alone.
COUNTED = "received_at, priority, sla_due_at, decided_at, decided_by_id, closed_by_report_id"


def _hour(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"floor(extract(epoch FROM {column}) / 3600)::integer"
    # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'; its date functions round to milliseconds, so cut the fraction.
    return f"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) / 3600"


def _contributions(dialect: str, row: str, source: str, sign: int) -> str:
    """What one report adds to each metric (sign -1 takes it away), as rows (metric, hour, priority, reviewer, n)."""
    r = f"{row}."
    return f"""
        SELECT 'received' AS metric, {_hour(dialect, r + 'received_at')} AS hour, {r}priority AS priority,
               0 AS reviewer_id, {sign} AS n {source}
        UNION ALL
        SELECT 'decided', {_hour(dialect, r + 'decided_at')}, 0, {r}decided_by_id, {sign} {source}
          WHERE {r}decided_at IS NOT NULL AND {r}decided_by_id IS NOT NULL
          AND {r}closed_by_report_id IS NULL
        UNION ALL
        SELECT 'late', {_hour(dialect, r + 'received_at')}, {r}priority, COALESCE({r}decided_by_id, 0), {sign}
          {source} WHERE {r}decided_at > {r}sla_due_at"""


def _upsert(changes: str) -> str:
    """Add the summed changes to the counts, in key order so concurrent statements lock rows in one order."""
    return f"""
        INSERT INTO {TABLE} (metric, hour, priority, reviewer_id, n)
        SELECT metric, hour, priority, reviewer_id, SUM(n) FROM ({changes}) AS changes WHERE true
        GROUP BY metric, hour, priority, reviewer_id HAVING SUM(n) <> 0
        ORDER BY metric, hour, priority, reviewer_id
        ON CONFLICT (metric, hour, priority, reviewer_id) DO UPDATE SET n = {TABLE}.n + excluded.n"""


def _postgresql_triggers() -> None:
    new, old = (_contributions("postgresql", "r", f"FROM {t} AS r", s) for t, s in (("new_rows", 1), ("old_rows", -1)))
    op.execute(f"""
        CREATE FUNCTION report_hour_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {_upsert(new)};
            ELSIF TG_OP = 'DELETE' THEN {_upsert(old)};
            ELSE {_upsert(new + ' UNION ALL ' + old)};
            END IF;
            RETURN NULL;
        END $$""")
    tables = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
              "DELETE": "OLD TABLE AS old_rows"}
    for event, referencing in tables.items():
        op.execute(f"""CREATE TRIGGER report_hour_counts_{event.lower()} AFTER {event} ON reports
                       REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION report_hour_counts_apply()""")


def _sqlite_triggers() -> None:
    new, old = _contributions("sqlite", "NEW", "", 1), _contributions("sqlite", "OLD", "", -1)
    bodies = {"INSERT": _upsert(new), "UPDATE OF " + COUNTED: _upsert(new + " UNION ALL " + old),
              "DELETE": _upsert(old)}
    for name, (event, body) in zip(SQLITE_TRIGGERS, bodies.items(), strict=True):
        op.execute(f"CREATE TRIGGER {name} AFTER {event} ON reports BEGIN {body}; END")


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("metric", sa.Enum("received", "decided", "late", name="hour_metric", native_enum=False,
                                    create_constraint=True, length=8), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", "hour", "priority", "reviewer_id", name=op.f("pk_report_hour_counts")),
    )
    dialect = op.get_bind().dialect.name
    op.execute(_upsert(_contributions(dialect, "r", "FROM reports AS r", 1)))  # the reports already there
    _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS report_hour_counts_{event} ON reports")
        op.execute("DROP FUNCTION IF EXISTS report_hour_counts_apply()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table(TABLE)
