"""The audit log as people read it: entities by their visible id and name, before/after as a short diff."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.db.models import AuditEvent, ConsentSticker, Flag, Report, Scan, Stream, User


def _streams(session: Session, ids: set[int]) -> dict[int, str]:
    rows = session.execute(select(Stream.id, Stream.external_id, Stream.title).where(Stream.id.in_(ids)))
    return {i: f"{ext} · {title}" for i, ext, title in rows}


def _by_stream(model: type, prefix: str):
    def labels(session: Session, ids: set[int]) -> dict[int, str]:
        rows = session.execute(select(model.id, Stream.external_id).join(Stream, Stream.id == model.stream_id)
                               .where(model.id.in_(ids)))
        return {i: f"{prefix} {i} of {ext}" for i, ext in rows}
    return labels


def _reports(session: Session, ids: set[int]) -> dict[int, str]:
    rows = session.execute(select(Report.id, Report.external_id, Stream.external_id).join(Stream)
                           .where(Report.id.in_(ids)))
    return {i: f"{ext} on {stream}" for i, ext, stream in rows}


def _users(session: Session, ids: set[int]) -> dict[int, str]:
    return {i: f"{name} ({username})" for i, username, name in
            session.execute(select(User.id, User.username, User.display_name).where(User.id.in_(ids)))}


_LOOKUPS = {"stream": _streams, "report": _reports, "user": _users, "scan": _by_stream(Scan, "scan"),
            "flag": _by_stream(Flag, "flag"), "sticker": _by_stream(ConsentSticker, "sticker")}


def entity_labels(session: Session, events: Iterable[AuditEvent]) -> dict[tuple[str, str], str]:
    """Each event's entity as shown: 'report rep-0002285 on str-000042', 'stream str-000042 · Shop cam'."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.entity_type in _LOOKUPS and str(event.entity_id).isdigit():
            wanted[event.entity_type].add(int(event.entity_id))
    labels: dict[tuple[str, str], str] = {}
    for kind, ids in wanted.items():
        for entity_id, text in _LOOKUPS[kind](session, ids).items():
            labels[kind, str(entity_id)] = f"{kind} {text}" if kind in ("stream", "report", "user") else text
    return labels


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return "—" if value is None else str(value).replace("_", " ")


def readable_diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """What changed, e.g. 'state: live → taken down; visibility: public → off' (new values alone if no before)."""
    before, after = before or {}, after or {}
    parts = [f"{key.replace('_', ' ')}: {_shown(before[key])} → {_shown(after.get(key))}" if key in before
             else f"{key.replace('_', ' ')}: {_shown(after[key])}"
             for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key) or key not in before]
    return "; ".join(parts)
