"""Streams: look-ups, listings, and the state changes take down, make private and restore."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import (
    AuditAction, NoticeKind, NoticeSource,
    MERCHANT_CATEGORIES, WELFARE_CATEGORIES, Category, StickerStatus, StreamState, TakedownReason,
    TakedownSource, Visibility, WelfareCertification,
)
from dashboard.db.models import Owner, Stream, Takedown
from dashboard.errors import Conflict, NotFound
from dashboard.services.access import audit
from dashboard.services.streams import lifecycle, notices
from dashboard.services.tables.dataframes import query_frame
from dashboard.services.refs import by_visible_id
from dashboard.services.access.permissions import Action, Actor, can, require
from dashboard.messages import N_


def get_stream(session: Session, *, stream_id: int) -> Stream:
    """A stream by id, or NotFound."""
    stream = session.get(Stream, stream_id)
    if stream is None:
        raise NotFound("No stream with id {stream_id}.", stream_id=stream_id)
    return stream


def stream_by_ref(session: Session, *, ref: str) -> Stream:
    """A stream by the id people see (its external id, e.g. str-000042) or, for operators, its row number."""
    return by_visible_id(session, Stream, ref, noun="stream")


def take_down(
    session: Session, *, actor: Actor, stream_id: int, reason: TakedownReason, source: TakedownSource,
    note: str, report_id: int | None = None, flag_id: int | None = None,
) -> Takedown:
    """Take a stream offline and record a reversible takedown."""
    require(actor, Action.SHUT_DOWN_PLATFORM if source == TakedownSource.SHUTDOWN else Action.TAKE_DOWN_STREAM)
    note = audit.require_reason(note, purpose=N_("to take a stream down"))
    stream = get_stream(session, stream_id=stream_id)
    if stream.state in (StreamState.TAKEN_DOWN, StreamState.SHUT_DOWN):
        raise Conflict("Stream {stream_id} is already {state}.", stream_id=stream.id, state=stream.state)
    takedown = Takedown(
        stream_id=stream.id, reason=TakedownReason(reason), source=TakedownSource(source), note=note,
        actor_id=actor.id, report_id=report_id, flag_id=flag_id, created_at=utcnow(),
        previous_state=stream.state, previous_visibility=stream.visibility,
    )
    session.add(takedown)
    session.flush()
    lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_TAKE_DOWN, reason=note,
                   state=StreamState.SHUT_DOWN if source == TakedownSource.SHUTDOWN else StreamState.TAKEN_DOWN,
                   visibility=Visibility.OFF, extra={"takedown_id": takedown.id},
                   told=notices.for_takedown(session, takedown))
    return takedown


def make_private(session: Session, *, actor: Actor, stream_id: int, reason: str,
                 told: notices.Decided | None = None) -> Stream:
    """Move a public stream to private sharing (the owner told why: by default a reviewer's privacy decision)."""
    require(actor, Action.MAKE_STREAM_PRIVATE)
    reason = audit.require_reason(reason, purpose=N_("to make a stream private"))
    stream = get_stream(session, stream_id=stream_id)
    if stream.visibility != Visibility.PUBLIC:
        raise Conflict("Stream {stream_id} is not public (it is {visibility}).",
                       stream_id=stream.id, visibility=stream.visibility)
    return lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_MAKE_PRIVATE, reason=reason,
                          visibility=Visibility.PRIVATE_SHARED, told=told or notices.Decided(
                              NoticeKind.MAKE_PRIVATE, "privacy", NoticeSource.REVIEWER))


def restore(session: Session, *, actor: Actor, takedown_id: int, reason: str) -> Stream:
    """Undo a takedown: the stream returns to its state and visibility from before."""
    require(actor, Action.RESTORE_STREAM)
    reason = audit.require_reason(reason, purpose=N_("to restore a stream"))
    takedown = session.get(Takedown, takedown_id)
    if takedown is None:
        raise NotFound("No takedown with id {takedown_id}.", takedown_id=takedown_id)
    if takedown.restored_at is not None:
        raise Conflict("Takedown {takedown_id} was already restored.", takedown_id=takedown_id)
    lifecycle.move(session, actor=actor, stream=takedown.stream, action=AuditAction.STREAM_RESTORE, reason=reason,
                   state=takedown.previous_state, visibility=takedown.previous_visibility,
                   extra={"takedown_id": takedown.id})
    takedown.restored_at, takedown.restored_by_id, takedown.restore_reason = utcnow(), actor.id, reason
    return takedown.stream




def compliance_defaults(category: Category) -> dict[str, object]:
    """Sticker and welfare state a new stream of this category starts with."""
    return {
        "sticker_status": StickerStatus.MISSING if category in MERCHANT_CATEGORIES else StickerStatus.NOT_REQUIRED,
        "welfare_certification": (WelfareCertification.PENDING if category in WELFARE_CATEGORIES
                                  else WelfareCertification.NOT_APPLICABLE),
    }


def find_streams(session: Session, *, text: str, limit: int = 50) -> pd.DataFrame:
    """Streams whose id, external id, title or owner name matches the text."""
    text = text.strip()
    query = select(Stream.id, Stream.external_id, Stream.title, Stream.category, Stream.visibility,
                   Stream.state, Owner.name.label("owner")).join(Owner)
    if text.isdigit():
        query = query.where(Stream.id == int(text))
    elif text:
        pattern = f"%{text.lower()}%"
        query = query.where(func.lower(Stream.external_id).like(pattern) | func.lower(Stream.title).like(pattern)
                            | func.lower(Owner.name).like(pattern))
    return query_frame(session, query.order_by(Stream.id).limit(limit))


def takedown_history(session: Session, *, stream_id: int) -> list[Takedown]:
    """A stream's takedowns, newest first."""
    query = select(Takedown).where(Takedown.stream_id == stream_id).order_by(Takedown.created_at.desc())
    return list(session.scalars(query))


@dataclass(frozen=True)
class TakedownRow:
    """One takedown as the stream page lists it."""

    id: int
    created_at: datetime
    reason: TakedownReason
    source: TakedownSource
    note: str | None
    restored_at: datetime | None


@dataclass(frozen=True)
class StreamView:
    """The stream lookup page: one stream's facts, its takedowns, and what this viewer may do to it."""

    id: int
    title: str
    external_id: str
    state: StreamState
    visibility: Visibility
    facts: dict[str, object]
    source: str | None
    takedowns: list[TakedownRow]
    may: dict[Action, bool]

    @property
    def open_takedown(self) -> TakedownRow | None:
        """The takedown a restore would undo, if the stream is down."""
        return next((t for t in self.takedowns if t.restored_at is None), None)


def stream_view(session: Session, *, actor: Actor, stream_id: int) -> StreamView:
    """A stream's facts and takedown history, ready to show."""
    stream = get_stream(session, stream_id=stream_id)
    facts = lifecycle.snapshot(stream) | {"place": stream.place_type.value, "owner": stream.owner.name}
    rows = [TakedownRow(t.id, t.created_at, t.reason, t.source, t.note, t.restored_at)
            for t in takedown_history(session, stream_id=stream_id)]
    return StreamView(stream.id, stream.title, stream.external_id, stream.state, stream.visibility, facts,
                      stream.source_uri, rows,
                      {action: can(actor, action) for action in Action})
