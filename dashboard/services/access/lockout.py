"""Failure counters that hold under parallel attempts: one UPDATE counts, locks and reports, row by row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, literal, or_, update
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Failure:
    """What one counted failure did: reached the limit and set the lock, or met a lock already set."""

    locked_now: bool
    already_locked: bool


def count_failure(session: Session, model: type, row_id: int, *, counter: str, lock: str, limit: int,
                  until: datetime, now: datetime) -> Failure:
    """Add one failure atomically; the one that reaches the limit sets the lock (and zeroes the counter).

    A read-modify-write in Python loses updates when attempts run in parallel (40 guesses ended with a count
    of 1); one UPDATE ... RETURNING is serialised by the row lock on PostgreSQL and the write lock on SQLite.
    A row that is locked counts nothing and says so.
    """
    count, locked = getattr(model, counter), getattr(model, lock)
    reaches = count + 1 >= limit
    statement = (update(model).where(model.id == row_id, or_(locked.is_(None), locked <= now))
                 .values({counter: case((reaches, 0), else_=count + 1),
                          lock: case((reaches, literal(until, locked.type)), else_=locked)})
                 .returning(count))
    row = session.execute(statement, execution_options={"synchronize_session": False}).one_or_none()
    if (loaded := session.identity_map.get(session.identity_key(model, row_id))) is not None:
        session.expire(loaded, [counter, lock])
    return Failure(locked_now=row is not None and row[0] == 0, already_locked=row is None)
