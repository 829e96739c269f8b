"""What a reviewer sees of the report they hold: plain values, so nothing of the ORM outlives a rerun."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import ReportReason, ReportStatus
from dashboard.services.desk.decisions import get_report, holds_lease
from dashboard.services.desk.reports import stream_reports


@dataclass
class CurrentReport:
    """What the reviewer sees of the report they hold (plain values, no ORM objects across reruns)."""

    id: int
    external_id: str
    reason: ReportReason
    priority: int
    text: str
    received_at: datetime
    sla_due_at: datetime
    lease_expires_at: datetime | None
    held: bool
    status: ReportStatus
    stream: dict[str, object]
    escalation: str | None
    earlier: pd.DataFrame
    scan_id: int | None
    evidence: list[Path]


def current_report(session: Session, *, report_id: int, user_id: int, data_dir: Path) -> CurrentReport:
    """The report, its stream, earlier reports on the stream and the latest evidence, for the desk screen."""
    from dashboard.services.evidence.frames import latest_evidence

    r = get_report(session, report_id=report_id)
    s = r.stream
    scan, evidence = latest_evidence(session, stream_id=s.id, data_dir=data_dir)
    return CurrentReport(
        r.id, r.external_id, r.reason, r.priority, r.text, r.received_at, r.sla_due_at, r.lease_expires_at,
        holds_lease(r, user_id=user_id, now=utcnow()), r.status,
        {"id": s.id, "title": s.title, "external_id": s.external_id, "category": s.category.value,
         "place": s.place_type.value, "visibility": s.visibility.value, "state": s.state.value,
         "owner": s.owner.name},
        r.escalation_reason, stream_reports(session, stream_id=s.id, exclude=r.id), scan.id if scan else None,
        evidence)
