"""Scan flags: listing for the review desk, confirm (take down) or dismiss."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import AuditAction, FlagKind, FlagStatus, StreamState, TakedownReason, TakedownSource
from dashboard.db.models import Flag, Stream
from dashboard.errors import Conflict, NotFound
from dashboard.services.access import audit
from dashboard.services.streams import lifecycle
from dashboard.services.streams.moderation import take_down, takedown_history
from dashboard.services.tables.dataframes import query_frame
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.messages import N_, Phrase


def list_flags(session: Session, *, status: FlagStatus = FlagStatus.OPEN, limit: int = 200) -> pd.DataFrame:
    """Flags of a status, oldest first, with the numbers behind them."""
    query = (select(Flag.id, Flag.kind, Flag.created_at, Flag.details, Stream.id.label("stream_id"),
                    Stream.title.label("stream"), Stream.external_id, Stream.category, Stream.state)
             .join(Stream).where(Flag.status == status).order_by(Flag.created_at).limit(limit))
    frame = query_frame(session, query)
    details = pd.json_normalize(frame.pop("details").tolist()) if len(frame) else pd.DataFrame()
    return pd.concat([frame, details.drop(columns=["demo"], errors="ignore")], axis=1)


_TAKEDOWN_REASON = {FlagKind.FOOT_TRAFFIC: TakedownReason.FOOT_TRAFFIC, FlagKind.FACES_IN_PRIVATE: TakedownReason.PRIVACY,
                    FlagKind.STICKER_MISSING: TakedownReason.STICKER_MISSING,
                    FlagKind.STICKER_INVALID: TakedownReason.STICKER_MISSING, FlagKind.CATEGORY_MISMATCH: TakedownReason.OTHER}


def _open_flag(session: Session, flag_id: int) -> Flag:
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise NotFound("No flag with id {flag_id}.", flag_id=flag_id)
    if flag.status != FlagStatus.OPEN:
        by = flag.resolved_by.username if flag.resolved_by else "someone"
        raise Conflict("Flag {flag_id} was already {status} by {by}.", flag_id=flag_id, status=flag.status, by=by)
    return flag


def _resolve(session: Session, flag: Flag, *, actor: Actor, status: FlagStatus, reason: str) -> None:
    reason = audit.require_reason(reason, purpose=N_("to resolve a flag"))
    flag.status, flag.resolved_by_id, flag.resolved_at, flag.resolution_reason = status, actor.id, utcnow(), reason
    action = AuditAction.FLAG_CONFIRM if status == FlagStatus.CONFIRMED else AuditAction.FLAG_DISMISS
    audit.record(session, actor=actor, action=action, entity_type="flag", entity_id=flag.id,
                 before={"status": "open"}, after={"status": status.value}, reason=reason)


def confirm_flag(session: Session, *, actor: Actor, flag_id: int, reason: str) -> Flag:
    """Confirm a flag: the stream is taken down (source: scan flag)."""
    require(actor, Action.RESOLVE_FLAG)
    flag = _open_flag(session, flag_id)
    _resolve(session, flag, actor=actor, status=FlagStatus.CONFIRMED, reason=reason)
    if flag.stream.state not in (StreamState.TAKEN_DOWN, StreamState.SHUT_DOWN):
        take_down(session, actor=actor, stream_id=flag.stream_id, reason=_TAKEDOWN_REASON[flag.kind],
                  source=TakedownSource.SCAN_FLAG, note=reason, flag_id=flag.id)
    return flag


def dismiss_flag(session: Session, *, actor: Actor, flag_id: int, reason: str) -> Flag:
    """Dismiss a flag; a stream suspended only for it goes back live."""
    require(actor, Action.RESOLVE_FLAG)
    flag = _open_flag(session, flag_id)
    _resolve(session, flag, actor=actor, status=FlagStatus.DISMISSED, reason=reason)
    others = session.scalar(select(func.count(Flag.id)).where(
        Flag.stream_id == flag.stream_id, Flag.status == FlagStatus.OPEN, Flag.kind == FlagKind.FOOT_TRAFFIC))
    stream = flag.stream
    if stream.state == StreamState.SUSPENDED and not others:
        if lifecycle.live_blockers(session, stream):
            return flag  # the flag is dismissed, but the stream stays suspended until it meets the policy
        lifecycle.move(session, actor=actor, stream=stream, action=AuditAction.STREAM_UNSUSPEND,
                       reason=Phrase(N_("flag {flag} dismissed: {reason}"), flag=flag.id, reason=reason),
                       state=StreamState.LIVE)
    return flag


def get_flag(session: Session, *, flag_id: int) -> Flag:
    """A flag by id, or NotFound."""
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise NotFound("No flag with id {flag_id}.", flag_id=flag_id)
    return flag


@dataclass(frozen=True)
class FlagView:
    """One flag for the Scan flags page: the stream, the numbers, the evidence, and the stream's history."""

    id: int
    kind: FlagKind
    stream_id: int
    scan_id: int | None
    title: str
    external_id: str
    facts: dict[str, object]
    details: dict[str, object]
    evidence: list[Path]
    scans: list[tuple[datetime, str, str, int, int, bool]]
    takedowns: list[tuple[datetime, str, str, bool]]
    actionable: bool


def flag_view(session: Session, *, flag_id: int, data_dir: Path) -> FlagView:
    """A flag with what a reviewer needs to decide it; actionable is False once the stream is already down."""
    from dashboard.services.evidence.frames import evidence_paths
    from dashboard.services.scanning.scans import recent_scans

    flag = get_flag(session, flag_id=flag_id)
    stream, scan = flag.stream, flag.scan
    facts = {"category": stream.category, "place_type": stream.place_type, "visibility": stream.visibility,
             "state": stream.state, "owner": stream.owner.name}
    evidence = evidence_paths(session, scan_id=scan.id, data_dir=data_dir) if scan else []
    scans = [(s.started_at, s.status.value, s.verdict.value, s.people_peak, s.faces_total, s.degraded)
             for s in recent_scans(session, stream_id=stream.id)]
    takedowns = [(t.created_at, t.reason.value, t.source.value, t.restored_at is not None)
                 for t in takedown_history(session, stream_id=stream.id)]
    down = stream.state in (StreamState.TAKEN_DOWN, StreamState.SHUT_DOWN)
    return FlagView(flag.id, flag.kind, stream.id, scan.id if scan else None, stream.title, stream.external_id, facts,
                    dict(flag.details), evidence,
                    scans, takedowns, flag.status == FlagStatus.OPEN and not down)
