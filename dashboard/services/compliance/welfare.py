"""Welfare-stream audits: a due queue (oldest first, plus weekly spot checks), certify, recategorise, revoke."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.enums import (
    WELFARE_CATEGORIES, AuditAction, Category, ScanStatus, StreamState, TakedownReason, TakedownSource, Verdict,
    WelfareCertification, WelfareDecision,
)
from dashboard.db.models import Scan, Stream, WelfareAudit
from dashboard.errors import Conflict, InvalidInput
from dashboard.messages import N_
from dashboard.services.access import audit
from dashboard.services.streams.moderation import compliance_defaults, get_stream, take_down
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.streams.lifecycle import snapshot


@dataclass(frozen=True)
class DueItem:
    """One welfare stream waiting for a compliance lead, and why it is due."""

    stream_id: int
    external_id: str
    title: str
    why: str  # an English phrase marked for the catalogue
    since: date
    spot_check: bool = False
    week: str | None = None


def spot_checked(stream_id: int, *, share: float, week: str) -> bool:
    """A stable pseudo-random pick of a share of streams for this ISO week (same answer all week)."""
    digest = hashlib.sha256(f"{week}:{stream_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def due_queue(session: Session, *, settings: Settings, today: date | None = None) -> list[DueItem]:
    """Welfare streams due for (re)certification, oldest first, then this week's spot checks."""
    today = today or utcnow().date()
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    rows = session.scalars(select(Stream).where(
        Stream.category.in_(WELFARE_CATEGORIES), Stream.state.in_([StreamState.LIVE, StreamState.SUSPENDED])))
    due, spot = [], []
    for stream in rows:
        item = partial(DueItem, stream.id, stream.external_id, stream.title)
        if stream.welfare_certification != WelfareCertification.CERTIFIED:
            due.append(item(N_("never certified"), stream.created_at.date()))
        elif stream.welfare_certified_until and stream.welfare_certified_until <= today:
            due.append(item(N_("re-certification due"), stream.welfare_certified_until))
        elif spot_checked(stream.id, share=settings.welfare_spot_check_share, week=week):
            spot.append(item(N_("spot check"), today, spot_check=True, week=week))
    return sorted(due, key=lambda item: (item.since, item.stream_id)) + spot


def history(session: Session, *, stream_id: int) -> list[WelfareAudit]:
    """A stream's earlier audits, newest first."""
    return list(session.scalars(select(WelfareAudit).where(WelfareAudit.stream_id == stream_id)
                                .order_by(WelfareAudit.decided_at.desc())))


def decide(session: Session, *, actor: Actor, stream_id: int, decision: WelfareDecision | str, reason: str,
           settings: Settings, new_category: Category | None = None, spot_check: bool = False) -> WelfareAudit:
    """Certify (sets the next due date), recategorise (leaves the welfare programme) or revoke (takes it down)."""
    require(actor, Action.AUDIT_WELFARE)
    decision = WelfareDecision(decision)
    reason = audit.require_reason(reason, purpose=N_("for every welfare decision"))
    stream = get_stream(session, stream_id=stream_id)
    if stream.category not in WELFARE_CATEGORIES:
        raise InvalidInput("Stream {stream_id} is not a welfare stream (it is {category}).",
                           stream_id=stream.id, category=stream.category)
    before = snapshot(stream)
    entry = WelfareAudit(stream_id=stream.id, auditor_id=actor.id, decided_at=utcnow(), decision=decision,
                         reason=reason, spot_check=spot_check)
    if decision == WelfareDecision.CERTIFY:
        _require_clean_scan(session, stream)
        entry.next_due_on = utcnow().date() + timedelta(days=settings.welfare_recert_days)
        stream.welfare_certification, stream.welfare_certified_until = WelfareCertification.CERTIFIED, entry.next_due_on
    elif decision == WelfareDecision.RECATEGORISE:
        _recategorise(stream, entry, new_category)
    else:
        stream.welfare_certification = WelfareCertification.REVOKED
        if stream.state in (StreamState.LIVE, StreamState.SUSPENDED):
            take_down(session, actor=actor, stream_id=stream.id, reason=TakedownReason.WELFARE_REVOKED,
                      source=TakedownSource.POLICY_SWEEP, note=reason)
    session.add(entry)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction(f"welfare.{decision.value}"),
                 entity_type="stream", entity_id=stream.id,
                 before=before, after=snapshot(stream) | {"audit_id": entry.id}, reason=reason)
    return entry


def _require_clean_scan(session: Session, stream: Stream) -> None:
    """Certification rests on evidence: a finished scan, whose latest verdict is not public foot traffic."""
    latest = session.scalar(select(Scan).where(Scan.stream_id == stream.id, Scan.status == ScanStatus.DONE)
                            .order_by(Scan.started_at.desc(), Scan.id.desc()).limit(1))
    if latest is None:
        raise Conflict("{external_id} has never been scanned: scan it (Scan flags → Scan a stream now) before "
                       "certifying.", external_id=stream.external_id)
    if latest.verdict == Verdict.PUBLIC_FOOT_TRAFFIC:
        raise Conflict("The latest scan of {external_id} shows public foot traffic: a welfare stream must be free of "
                       "it. Revoke or recategorise instead, or certify after a clean scan.",
                       external_id=stream.external_id)


def _recategorise(stream: Stream, entry: WelfareAudit, new_category: Category | None) -> None:
    if new_category is None or Category(new_category) == stream.category:
        raise InvalidInput("Recategorising needs a new category different from the declared one.")
    entry.new_category = stream.category = Category(new_category)
    defaults = compliance_defaults(stream.category)
    stream.welfare_certification, stream.welfare_certified_until = defaults["welfare_certification"], None
    stream.sticker_status = defaults["sticker_status"]


@dataclass(frozen=True)
class LatestScan:
    """The numbers of a stream's latest finished scan, as the audit page shows them."""

    scan_id: int
    verdict: Verdict
    peak: int
    rate: float
    share: float
    at: datetime
    degraded: bool


@dataclass(frozen=True)
class WelfareStreamView:
    """One due stream for the audit page: its facts, its latest scan's numbers and evidence, earlier audits."""

    title: str
    facts: dict[str, object]
    latest: LatestScan | None
    evidence: list[Path]
    earlier: list[dict[str, object]]


def stream_view(session: Session, *, stream_id: int, settings: Settings) -> WelfareStreamView:
    """What a compliance lead needs to decide on one welfare stream."""
    from dashboard.services.evidence.frames import latest_evidence

    stream = get_stream(session, stream_id=stream_id)
    facts = {"declared": stream.category.value, "place": stream.place_type.value, "state": stream.state.value,
             "owner": stream.owner.name, "owner_kind": stream.owner.kind.value,
             "certification": stream.welfare_certification.value, "due": stream.welfare_certified_until}
    scan, evidence = latest_evidence(session, stream_id=stream_id, data_dir=settings.data_dir)
    latest = LatestScan(scan.id, scan.verdict, scan.people_peak, scan.tracks_per_minute, scan.frames_with_people,
                        scan.started_at, scan.degraded) if scan else None
    earlier = [{"decided": a.decided_at, "decision": a.decision.value, "reason": a.reason, "next due": a.next_due_on,
                "spot check": a.spot_check} for a in history(session, stream_id=stream_id)]
    return WelfareStreamView(stream.title, facts, latest, evidence, earlier)
