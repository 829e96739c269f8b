"""Find a record by the id people see (its external id) or, for operators, its row number."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.errors import NotFound

M = TypeVar("M")


def by_visible_id(session: Session, model: type[M], ref: str, *, noun: str) -> M:
    """The record whose external_id is ref (or whose id is ref, if it is all digits); NotFound names what was asked."""
    ref = ref.strip()
    record = session.scalar(select(model).where(model.external_id == ref))
    if record is None and ref.isdigit():
        record = session.get(model, int(ref))
    if record is None:
        raise NotFound("No {noun} {ref!r}.", noun=noun, ref=ref)
    return record
