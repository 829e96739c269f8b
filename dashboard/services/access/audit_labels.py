"""The audit log as people read it: entities by their visible id and name, before/after as a list of changes.

Services give the parts (kind, visible id, context; key, before, after); the page words them in the reader's language.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.db.models import AuditEvent, ConsentSticker, Flag, Report, Scan, Stream, User


class EntityRef(NamedTuple):
    """An audited entity as people know it: kind, visible id or name, and what it belongs to or is called."""

    kind: str
    name: str
    context: str = ""


class Change(NamedTuple):
    """One changed field of an audit event (before is None when the event recorded only the new value)."""

    key: str
    before: Any
    after: Any
    had_before: bool


def _streams(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    rows = session.execute(select(Stream.id, Stream.external_id, Stream.title).where(Stream.id.in_(ids)))
    return {i: (ext, title) for i, ext, title in rows}


def _by_stream(model: type):
    def labels(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
        rows = session.execute(select(model.id, Stream.external_id).join(Stream, Stream.id == model.stream_id)
                               .where(model.id.in_(ids)))
        return {i: (str(i), ext) for i, ext in rows}
    return labels


def _reports(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    rows = session.execute(select(Report.id, Report.external_id, Stream.external_id).join(Stream)
                           .where(Report.id.in_(ids)))
    return {i: (ext, stream) for i, ext, stream in rows}


def _users(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    return {i: (name, username) for i, username, name in
            session.execute(select(User.id, User.username, User.display_name).where(User.id.in_(ids)))}


_LOOKUPS = {"stream": _streams, "report": _reports, "user": _users, "scan": _by_stream(Scan),
            "flag": _by_stream(Flag), "sticker": _by_stream(ConsentSticker)}


def entity_labels(session: Session, events: Iterable[AuditEvent]) -> dict[tuple[str, str], EntityRef]:
    """Each event's entity by what people see: report rep-0002285 (on str-000042), stream str-000042 (Shop cam)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.entity_type in _LOOKUPS and str(event.entity_id).isdigit():
            wanted[event.entity_type].add(int(event.entity_id))
    return {(kind, str(entity_id)): EntityRef(kind, name, context)
            for kind, ids in wanted.items() for entity_id, (name, context) in _LOOKUPS[kind](session, ids).items()}


def readable_diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """What changed, field by field (new values alone when there is no before)."""
    before, after = before or {}, after or {}
    return [Change(key, before.get(key), after.get(key), key in before)
            for key in dict.fromkeys([*before, *after]) if not key.startswith("_")
            and (before.get(key) != after.get(key) or key not in before)]
