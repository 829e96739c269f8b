"""Shift hand-over notes for the 24-hour desk: the next shift sees unacknowledged notes first."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import AuditAction
from dashboard.clock import utcnow
from dashboard.db.models import HandoverNote
from dashboard.errors import Conflict, InvalidInput, NotFound
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require

MAX_NOTE = 4000


def add_note(session: Session, *, actor: Actor, body: str) -> HandoverNote:
    """Leave a note for the next shift."""
    require(actor, Action.DECIDE_REPORT)
    body = (body or "").strip()
    if not body:
        raise InvalidInput("A hand-over note cannot be empty.")
    if len(body) > MAX_NOTE:
        raise InvalidInput("A hand-over note is limited to {limit} characters.", limit=MAX_NOTE)
    note = HandoverNote(author_id=actor.id, body=body, created_at=utcnow())
    session.add(note)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.HANDOVER_ADD, entity_type="handover_note", entity_id=note.id)
    return note


def recent_notes(session: Session, *, hours: int = 36) -> list[HandoverNote]:
    """Notes of the last hours: unacknowledged first, newest first."""
    since = utcnow() - timedelta(hours=hours)
    query = select(HandoverNote).where(HandoverNote.created_at >= since).order_by(
        HandoverNote.acknowledged_at.is_not(None), HandoverNote.created_at.desc())
    return list(session.scalars(query))


def acknowledge(session: Session, *, actor: Actor, note_id: int) -> HandoverNote:
    """Mark a note as read by the incoming shift."""
    require(actor, Action.DECIDE_REPORT)
    note = session.get(HandoverNote, note_id)
    if note is None:
        raise NotFound("No hand-over note {note_id}.", note_id=note_id)
    if note.acknowledged_at is not None:
        raise Conflict("This note was already acknowledged.")
    note.acknowledged_by_id, note.acknowledged_at = actor.id, utcnow()
    audit.record(session, actor=actor, action=AuditAction.HANDOVER_ACKNOWLEDGE,
                 entity_type="handover_note", entity_id=note.id)
    return note
