"""Every enum column's CHECK constraint in the migrated database allows exactly its enum's values (the migrations
write them by hand; a member added to an enum without a migration, or a typo in one, fails here)."""
from __future__ import annotations

import re

from sqlalchemy import Enum, text

from dashboard.db.base import Base
import dashboard.db.models  # noqa: F401  (registers every table)

VALUES = re.compile(r"'((?:[^']|'')*)'")


def _model_checks() -> dict[str, set[str]]:
    """Constraint name -> the enum values the models declare."""
    checks = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, Enum) and column.type.create_constraint:
                checks[f"ck_{table.name}_{column.type.name}"] = set(column.type.enums)  # the naming convention
    return checks


def _database_checks(engine) -> dict[str, set[str]]:
    """Constraint name -> the values its IN list allows, as the database holds it."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.execute(text("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                                           "WHERE contype = 'c'")).all()
        else:
            sql = " ".join(connection.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table'")).scalars())
            rows = re.findall(r"CONSTRAINT (\w+) CHECK \((.*?)\)(?:,|\s*\))", sql)
    return {name: set(VALUES.findall(definition)) for name, definition in rows}


def test_every_enum_check_in_the_database_matches_its_enum(engine):
    declared, found = _model_checks(), _database_checks(engine)
    assert len(declared) >= 30
    missing = sorted(name for name in declared if name not in found)
    assert not missing, f"enum columns without a CHECK in the migrated database: {missing}"
    differ = {name: {"only in the enum": sorted(declared[name] - found[name]),
                     "only in the database": sorted(found[name] - declared[name])}
              for name in declared if found[name] != declared[name]}
    assert not differ, differ
