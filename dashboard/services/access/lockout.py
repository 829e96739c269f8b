"""Attempt slots that hold under parallel guesses: one UPDATE counts, locks and answers, before any password check."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, literal, or_, update
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Slot:
    """One attempt's slot: granted (its password may be checked), and whether taking it set the lock."""

    granted: bool
    locks_now: bool


def take_slot(session: Session, model: type, row_id: int, *, counter: str, lock: str, limit: int,
              until: datetime, now: datetime) -> Slot:
    """Count an attempt atomically *before* its password is checked; the one that reaches the limit sets the lock.

    Counting after the check let a burst check every password it sent (40 parallel sign-ins tried 40 passwords,
    and the right one got in after the lock was set). One UPDATE ... RETURNING, serialised by the row lock on
    PostgreSQL and the write lock on SQLite until the attempt commits, grants at most `limit` slots; a locked row
    grants none, so its password is never checked. A correct password gives its slot back (reset_slots).
    """
    count, locked = getattr(model, counter), getattr(model, lock)
    reaches = count + 1 >= limit
    statement = (update(model).where(model.id == row_id, or_(locked.is_(None), locked <= now))
                 .values({counter: case((reaches, 0), else_=count + 1),
                          lock: case((reaches, literal(until, locked.type)), else_=locked)})
                 .returning(count))
    row = session.execute(statement, execution_options={"synchronize_session": False}).one_or_none()
    _expire(session, model, row_id, counter, lock)
    return Slot(granted=row is not None, locks_now=row is not None and row[0] == 0)


def minutes_left(locked_until: datetime | None, now: datetime) -> int | None:
    """Whole minutes (at least one) until a lock ends; None when there is no lock in force."""
    if locked_until is None or locked_until <= now:
        return None
    return max(1, int((locked_until - now).total_seconds() // 60))


def reset_slots(session: Session, model: type, row_id: int, *, counter: str, lock: str) -> None:
    """A correct password: the counter starts again and a lock its own slot set is lifted."""
    session.execute(update(model).where(model.id == row_id).values({counter: 0, lock: None}),
                    execution_options={"synchronize_session": False})
    _expire(session, model, row_id, counter, lock)


def _expire(session: Session, model: type, row_id: int, *attributes: str) -> None:
    if (loaded := session.identity_map.get(session.identity_key(model, row_id))) is not None:
        session.expire(loaded, list(attributes))
