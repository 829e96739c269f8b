"""What the appeals page shows: the queue, the appeal a lead holds, and the figures."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dashboard.clock import utcnow
from dashboard.db.models import Appeal, OwnerNotice, Stream, User
from dashboard.enums import AppealStatus
from dashboard.services.appeals.rates import AppealFigures, appeal_figures, overturn_rates, overturned_scan_flags
from dashboard.services.tables.dataframes import query_frame
from dashboard.services.streams.notices import render


@dataclass(frozen=True)
class HeldAppeal:
    """The appeal a lead holds: what the owner wrote, and the notice (as the owner read it) it contests."""

    id: int
    external_id: str
    text: str
    received_at: datetime
    sla_due_at: datetime
    lease_expires_at: datetime | None
    stream: str
    notice: dict[str, object]
    own_decision: bool


@dataclass(frozen=True)
class AppealOutcomes:
    """What appeals say about the decisions (the appeals, manager and scan flags pages show it)."""

    figures: AppealFigures
    rates: pd.DataFrame
    false_positives: pd.DataFrame


@dataclass(frozen=True)
class AppealsView:
    """The appeals page in one read."""

    queue: pd.DataFrame
    held: HeldAppeal | None
    outcomes: AppealOutcomes


def appeal_outcomes(session: Session, *, now: datetime | None = None) -> AppealOutcomes:
    """The figures, the overturn rates by source and the scan's measured false positives."""
    return AppealOutcomes(appeal_figures(session, now=now or utcnow()), overturn_rates(session),
                          overturned_scan_flags(session))


def appeals_view(session: Session, *, user_id: int, language: str, now: datetime | None = None) -> AppealsView:
    """The open queue, the appeal this user holds (if any), and the outcomes."""
    now = now or utcnow()
    return AppealsView(queue=open_appeals(session), held=held_appeal(session, user_id=user_id, language=language,
                                                                     now=now),
                       outcomes=appeal_outcomes(session, now=now))


def open_appeals(session: Session, *, limit: int = 200) -> pd.DataFrame:
    """Open appeals, due soonest first, with who holds each."""
    holder = aliased(User)
    return query_frame(session, select(
        Appeal.id, Appeal.external_id.label("appeal"), Stream.external_id.label("stream"),
        OwnerNotice.kind.label("decision"), OwnerNotice.ground.label("ground"), OwnerNotice.source.label("source"),
        Appeal.received_at.label("received"), Appeal.sla_due_at.label("due"),
        holder.display_name.label("claimed_by"))
        .join(OwnerNotice, OwnerNotice.id == Appeal.notice_id).join(Stream, Stream.id == OwnerNotice.stream_id)
        .outerjoin(holder, holder.id == Appeal.claimed_by_id)
        .where(Appeal.status == AppealStatus.OPEN).order_by(Appeal.sla_due_at, Appeal.id).limit(limit))


def held_appeal(session: Session, *, user_id: int, language: str, now: datetime) -> HeldAppeal | None:
    """The open appeal whose unexpired lease this user holds."""
    appeal = session.scalars(select(Appeal).where(Appeal.status == AppealStatus.OPEN,
                                                  Appeal.claimed_by_id == user_id, Appeal.lease_expires_at > now)
                             .order_by(Appeal.lease_expires_at.desc()).limit(1)).first()
    if appeal is None:
        return None
    notice = appeal.notice
    return HeldAppeal(appeal.id, appeal.external_id, appeal.text, appeal.received_at, appeal.sla_due_at,
                      appeal.lease_expires_at, notice.stream.external_id, render(notice, language=language),
                      own_decision=notice.decided_by_id == user_id)
