"""A stream's full case file for a legal request: reports, decisions, takedowns, flags, scans, audit events and
evidence frames, in one zip; every export is audited."""
from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.db.models import AuditEvent, ConsentSticker, Flag, Observation, Report, Scan, Stream, Takedown
from dashboard.enums import AuditAction
from dashboard.errors import NotFound
from dashboard.services.stored_files import stored_file
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.tables.spreadsheet import rows_csv
from dashboard.services.retention.holds import active_holds
from dashboard.messages import N_

TABLES: dict[str, tuple[type, tuple[str, ...]]] = {
    "reports": (Report, ("id", "external_id", "reason", "text", "received_at", "priority", "sla_due_at", "status",
                         "escalation_reason", "decision", "decision_reason", "decided_by_id", "decided_at")),
    "takedowns": (Takedown, ("id", "reason", "source", "note", "actor_id", "report_id", "flag_id", "created_at",
                             "restored_at", "restored_by_id", "restore_reason")),
    "flags": (Flag, ("id", "scan_id", "kind", "status", "details", "created_at", "resolved_by_id", "resolved_at",
                     "resolution_reason")),
    "scans": (Scan, ("id", "started_at", "finished_at", "status", "frames_sampled", "people_peak",
                     "tracks_per_minute", "frames_with_people", "faces_total", "verdict", "detectors", "error")),
    "stickers": (ConsentSticker, ("id", "token_id", "status", "issued_at", "verified_at", "revoked_at",
                                  "revoke_reason")),
}


def case_file(session: Session, *, actor: Actor, stream_id: int, data_dir: Path, reason: str) -> bytes:
    """The stream's case file as zip bytes (CSV tables, case.json, evidence/ frames)."""
    require(actor, Action.EXPORT_CASE_FILE)
    reason = audit.require_reason(reason, purpose=N_("to export a case file (the legal request it answers)"))
    stream = session.get(Stream, stream_id)
    if stream is None:
        raise NotFound("Stream {stream_id} does not exist.", stream_id=stream_id)
    rows = {name: list(session.scalars(select(model).where(model.stream_id == stream_id).order_by(model.id)))
            for name, (model, _) in TABLES.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (_, columns) in TABLES.items():
            archive.writestr(f"{name}.csv", _table(rows[name], columns))
        archive.writestr("audit_events.csv", _audit_csv(session, stream_id=stream_id, rows=rows))
        frames = _add_evidence(archive, session, scan_ids=[s.id for s in rows["scans"]], data_dir=data_dir)
        archive.writestr("case.json", json.dumps(_summary(session, stream, actor, reason, frames), indent=2,
                                                 ensure_ascii=False, default=str))
    audit.record(session, actor=actor, action=AuditAction.CASE_FILE_EXPORT, entity_type="stream",
                 entity_id=stream_id, after={"evidence_frames": frames, "bytes": buffer.tell()}, reason=reason)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return getattr(value, "value", value)  # enums as their stored value


def _table(items: Iterable[object], columns: tuple[str, ...]) -> str:
    return rows_csv(columns, ([_cell(getattr(item, c)) for c in columns] for item in items))


def _audit_csv(session: Session, *, stream_id: int, rows: dict[str, list]) -> str:
    entities = {"stream": [stream_id]} | {kind: [r.id for r in rows[table]] for kind, table in
                                           (("report", "reports"), ("flag", "flags"), ("scan", "scans"),
                                            ("sticker", "stickers"))}
    match = or_(*(and_(AuditEvent.entity_type == kind, AuditEvent.entity_id.in_([str(i) for i in ids]))
                  for kind, ids in entities.items() if ids))
    events = session.scalars(select(AuditEvent).where(match).order_by(AuditEvent.at, AuditEvent.id))
    columns = ("id", "at", "actor_name", "action", "entity_type", "entity_id", "before", "after", "reason")
    return _table(events, columns)


def _add_evidence(archive: zipfile.ZipFile, session: Session, *, scan_ids: list[int], data_dir: Path) -> int:
    stored = session.execute(select(Observation.scan_id, Observation.evidence_path).where(
        Observation.scan_id.in_(scan_ids), Observation.evidence_path.is_not(None)).order_by(Observation.id))
    count = 0
    for scan_id, path in stored:
        file = stored_file(data_dir, path)
        if file is not None and file.is_file():
            archive.write(file, f"evidence/scan-{scan_id}/{file.name}")
            count += 1
    return count


def _summary(session: Session, stream: Stream, actor: Actor, reason: str, frames: int) -> dict[str, object]:
    return {"stream": {"id": stream.id, "external_id": stream.external_id, "title": stream.title,
                       "owner": stream.owner.name, "category": stream.category.value,
                       "place_type": stream.place_type.value, "state": stream.state.value,
                       "visibility": stream.visibility.value, "source_uri": stream.source_uri},
            "exported_at": utcnow().isoformat(), "exported_by": actor.username, "request": reason,
            "evidence_frames": frames,
            "legal_holds": [{"reason": h.reason, "report": h.report, "placed_by": h.placed_by,
                             "placed_at": h.placed_at.isoformat()} for h in active_holds(session, stream_id=stream.id)],
            "note": "Faces and heads in every evidence frame were blurred when the frame was written."}
