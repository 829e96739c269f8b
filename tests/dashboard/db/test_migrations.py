"""Alembic migrations: head matches the models, and down/up round-trips."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from dashboard.db import models  # noqa: F401
from dashboard.db.base import Base
from dashboard.db.migrate import downgrade, upgrade


def _diff(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_head_matches_models(engine):
    # The engine fixture is already upgraded to head from an empty database.
    assert _diff(engine) == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_downgrade_to_base_and_up_again(tmp_path):
    from dashboard.db.session import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}")
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert _diff(engine) == []
    engine.dispose()


def test_downgrade_and_up_on_postgresql(pg_url):
    from dashboard.db.admin import create_database, drop_database
    from dashboard.db.session import make_engine
    from tests.conftest import PG_ADMIN_URL

    name = pg_url.rsplit("/", 1)[1] + "_rt"
    engine = make_engine(create_database(PG_ADMIN_URL, name))
    try:
        upgrade(engine)
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert _diff(engine) == []
    finally:
        engine.dispose()
        drop_database(PG_ADMIN_URL, name)
