"""The one way a migration changes the values an enum column allows (non-native enums are CHECK constraints,
which Alembic's autogenerate does not compare)."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def replace_enum_check(table: str, column: str, check: str, values: tuple[str, ...]) -> None:
    """Rewrite CHECK `ck_<table>_<check>` so `column` allows exactly `values` (batch mode, so SQLite too).

    Give the values as a tuple written in the migration, not the live enum: a migration replayed later must
    allow what it allowed when it was written. `tests/dashboard/db/test_enum_checks.py` compares the result
    with the enum after every migration has run.
    """
    if not values or len(set(values)) != len(values):
        raise ValueError(f"{table}.{column}: the allowed values must be given once each, at least one")
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{check}"), type_="check")
        batch_op.create_check_constraint(check, sa.column(column).in_(values))
