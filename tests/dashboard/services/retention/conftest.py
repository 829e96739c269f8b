"""A purge deletes across the whole database, so these tests get a database of their own on each backend."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.conftest import rolled_back


@pytest.fixture
def session(isolated_engine: Engine) -> Iterator[Session]:
    """A session on this test's own database, rolled back afterwards."""
    with rolled_back(isolated_engine) as db:
        yield db
