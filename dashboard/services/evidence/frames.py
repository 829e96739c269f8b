"""A scan's anonymised evidence frames: where they are, the latest of a stream, and the logged look at them (below
desk, compliance and scanning, which all show evidence)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.db.models import Observation, Scan
from dashboard.enums import AuditAction, ScanStatus
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.stored_files import stored_file


def evidence_paths(session: Session, *, scan_id: int, data_dir: Path) -> list[Path]:
    """Absolute paths of a scan's anonymised evidence frames that exist on disk."""
    rows = session.scalars(select(Observation.evidence_path).where(
        Observation.scan_id == scan_id, Observation.evidence_path.is_not(None)).order_by(Observation.frame_index))
    paths = [stored_file(data_dir, p) for p in rows]
    return [p for p in paths if p is not None and p.is_file()]

def latest_evidence(session: Session, *, stream_id: int, data_dir: Path) -> tuple[Scan | None, list[Path]]:
    """The stream's most recent finished scan and its anonymised evidence frames."""
    scan = session.scalar(select(Scan).where(Scan.stream_id == stream_id, Scan.status == ScanStatus.DONE)
                          .order_by(Scan.started_at.desc(), Scan.id.desc()).limit(1))
    return scan, (evidence_paths(session, scan_id=scan.id, data_dir=data_dir) if scan else [])

def reveal_evidence(session: Session, *, actor: Actor, context: str, scan_id: int | None = None,
                    stream_id: int | None = None) -> None:
    """Record that someone chose to look at (anonymised) evidence: a scan's frames, or a stream's other evidence."""
    require(actor, Action.REVEAL_EVIDENCE)
    if (scan_id is None) == (stream_id is None):
        raise ValueError("name exactly one of scan_id and stream_id")
    entity = ("scan", scan_id) if scan_id is not None else ("stream", stream_id)
    audit.record(session, actor=actor, action=AuditAction.EVIDENCE_REVEAL, entity_type=entity[0],
                 entity_id=entity[1], reason=context)
