"""replace_enum_check: a migration's one way to change the values an enum column allows."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from dashboard.db.base import NAMING_CONVENTION
from dashboard.db.enum_checks import replace_enum_check


@pytest.fixture()
def connection():
    engine = sa.create_engine("sqlite://")
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    sa.Table("decisions", metadata, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("kind", sa.String(20), sa.CheckConstraint("kind IN ('remove', 'dismiss')", name="decision_kind")))
    with engine.begin() as conn:
        metadata.create_all(conn)
        yield conn


def _insert(conn, kind: str) -> None:
    conn.execute(sa.text("INSERT INTO decisions (kind) VALUES (:kind)"), {"kind": kind})


def test_the_check_allows_exactly_the_new_values(connection):
    with Operations.context(MigrationContext.configure(connection)):
        replace_enum_check("decisions", "kind", "decision_kind", ("remove", "warn"))
    _insert(connection, "warn")
    _insert(connection, "remove")
    with pytest.raises(sa.exc.IntegrityError):
        _insert(connection, "dismiss")  # taken out of the list


@pytest.mark.parametrize("values", [(), ("warn", "warn")])
def test_an_empty_or_repeated_list_is_refused(connection, values):
    with Operations.context(MigrationContext.configure(connection)), pytest.raises(ValueError, match="once each"):
        replace_enum_check("decisions", "kind", "decision_kind", values)
