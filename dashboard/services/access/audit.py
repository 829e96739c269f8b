"""The audit log: the only writer of audit events, plus listing and CSV export."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.db.models import AuditEvent
from dashboard.enums import AuditAction
from dashboard.errors import InvalidInput
from dashboard.messages import Phrase, restored, stored
from dashboard.services.access.audit_labels import EntityRef, entity_labels, readable_diff
from dashboard.services.access.permissions import Action, Actor, require

def record(
    session: Session,
    *,
    actor: Actor,
    action: AuditAction,
    entity_type: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one audit event to the caller's transaction (committed or rolled back with it)."""
    event = AuditEvent(
        at=at or utcnow(),
        actor_id=actor.id,
        actor_name=actor.username,
        action=AuditAction(action).value,  # an action outside the vocabulary is a programming error: ValueError
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=jsonable(before),
        after=_with_phrase(jsonable(after), reason),
        reason=reason,
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class BulkEvent:
    """One event of a bulk write: the entity and its before/after."""

    entity_id: object
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def record_many(session: Session, *, actor: Actor, action: AuditAction, entity_type: str, events: list[BulkEvent],
                reason: str | None = None, at: datetime | None = None, batch: int = 5000) -> int:
    """Add many events of one action in batched INSERTs (a full shutdown writes one per stream); returns the count."""
    action, at = AuditAction(action), at or utcnow()
    rows = [{"at": at, "actor_id": actor.id, "actor_name": actor.username, "action": action.value,
             "entity_type": entity_type, "entity_id": str(e.entity_id), "before": jsonable(e.before),
             "after": _with_phrase(jsonable(e.after), reason), "reason": reason} for e in events]
    for start in range(0, len(rows), batch):
        session.execute(insert(AuditEvent), rows[start:start + batch])
    return len(rows)


PHRASE_KEY = "_reason"  # where a composed reason keeps its template and values (not a change of the entity)


def _with_phrase(after: dict[str, Any] | None, reason: str | None) -> dict[str, Any] | None:
    """The event's after, plus the template and values of a reason composed as a Phrase."""
    return (after or {}) | {PHRASE_KEY: stored(reason)} if isinstance(reason, Phrase) else after


def reason_phrase(after: dict[str, Any] | None) -> Phrase | None:
    """An event's composed reason as the Phrase it was written from, if it was one."""
    return restored((after or {}).get(PHRASE_KEY))


def require_reason(reason: str | None, *, purpose: str) -> str:
    """The trimmed reason to record with an action, or InvalidInput when it is blank."""
    if not reason or not reason.strip():
        raise InvalidInput("A reason is required {purpose}.", purpose=purpose)
    return reason if isinstance(reason, Phrase) else reason.strip()  # a composed phrase keeps its template


def jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The dict as JSON would store it (times and other values as text)."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=str))


@dataclass(frozen=True)
class AuditFilter:
    """Filters for listing audit events; None means any."""

    actor_name: str | None = None
    action: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(query: Select, flt: AuditFilter) -> Select:
    if flt.actor_name:
        query = query.where(AuditEvent.actor_name == flt.actor_name)
    if flt.action:
        query = query.where(AuditEvent.action == flt.action)
    if flt.entity_type:
        query = query.where(AuditEvent.entity_type == flt.entity_type)
    if flt.entity_id:
        query = query.where(AuditEvent.entity_id == flt.entity_id)
    if flt.since:
        query = query.where(AuditEvent.at >= flt.since)
    if flt.until:
        query = query.where(AuditEvent.at < flt.until)
    return query


def list_events(
    session: Session, *, actor: Actor, flt: AuditFilter = AuditFilter(), limit: int = 500, offset: int = 0
) -> tuple[list[AuditEvent], int]:
    """Events matching the filter, newest first, and the total count."""
    require(actor, Action.VIEW_AUDIT_LOG)
    total = session.scalar(_filtered(select(func.count(AuditEvent.id)), flt)) or 0
    query = _filtered(select(AuditEvent), flt).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset))), total


def distinct_values(session: Session, *, actor: Actor) -> dict[str, list[str]]:
    """The actions, entity types and actors present, for filter widgets."""
    require(actor, Action.VIEW_AUDIT_LOG)
    columns = {"action": AuditEvent.action, "entity_type": AuditEvent.entity_type,
               "actor_name": AuditEvent.actor_name}
    return {name: list(session.scalars(select(col).distinct().order_by(col))) for name, col in columns.items()}


EXPORT_COLUMNS = ["id", "at", "actor_name", "action", "entity_type", "entity_id", "before", "after", "reason"]


def export_csv(session: Session, *, actor: Actor, flt: AuditFilter = AuditFilter(),
               header: list[str] | None = None, tz: str = "UTC") -> str:
    """All matching events as CSV text (oldest first), streamed from the database in batches; times in the zone tz
    (ISO 8601 with the offset), header in the reader's words when given (else EXPORT_COLUMNS)."""
    require(actor, Action.VIEW_AUDIT_LOG)
    from dashboard.services.tables.spreadsheet import rows_csv

    query = _filtered(select(AuditEvent), flt).order_by(AuditEvent.at, AuditEvent.id)
    events = session.scalars(query.execution_options(yield_per=1000))
    zone = ZoneInfo(tz)
    return rows_csv(header or EXPORT_COLUMNS, ([e.id, e.at.astimezone(zone).isoformat(), e.actor_name, e.action, e.entity_type, e.entity_id,
                                      json.dumps(e.before) if e.before is not None else "",
                                      json.dumps(e.after) if e.after is not None else "", e.reason or ""]
                                     for e in events))


@dataclass(frozen=True)
class EventsView:
    """The audit page's table: the newest matching events as plain rows, and how many match in all."""

    rows: list[dict[str, object]]
    total: int


def events_view(session: Session, *, actor: Actor, flt: AuditFilter, limit: int = 500) -> EventsView:
    """The newest events matching the filter, ready to show."""
    events, total = list_events(session, actor=actor, flt=flt, limit=limit)
    labels = entity_labels(session, events)
    return EventsView([{"at": e.at, "actor": e.actor_name, "action": e.action,
                        "entity": labels.get((e.entity_type, e.entity_id), EntityRef(e.entity_type, e.entity_id)),
                        "change": readable_diff(e.before, e.after),
                        "reason": reason_phrase(e.after) or e.reason} for e in events], total)
