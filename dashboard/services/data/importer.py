"""Import streams and reports from CSV or JSON lines: all-or-nothing, idempotent on external_id."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.messages import N_
from dashboard.config import Settings
from dashboard.enums import AuditAction
from dashboard.db.models import Owner, Report, Stream
from dashboard.errors import ImportRejected
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.desk.reports import new_report
from dashboard.services.streams.lifecycle import snapshot
from dashboard.services.streams.moderation import compliance_defaults
from dashboard.services.tables.records import parse_records


@dataclass
class ImportSummary:
    """What an import did."""

    kind: str
    created: int = 0
    skipped_existing: list[str] = field(default_factory=list)


def _existing(session: Session, model: type, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(session.scalars(select(model.external_id).where(model.external_id.in_(chunk))))
    return found


def import_streams(session: Session, *, actor: Actor, text: str, fmt: str) -> ImportSummary:
    """Create streams (and their owners) from a file; existing external ids are skipped."""
    require(actor, Action.IMPORT_DATA)
    records = [r for _, r in parse_records(text, kind="streams", fmt=fmt)]
    summary = ImportSummary(kind="streams")
    existing = _existing(session, Stream, [r.external_id for r in records])
    owners = {o.external_id: o for o in session.scalars(
        select(Owner).where(Owner.external_id.in_({r.owner_external_id for r in records})))}
    for record in records:
        if record.external_id in existing:
            summary.skipped_existing.append(record.external_id)
            continue
        owner = owners.get(record.owner_external_id)
        if owner is None:
            owner = Owner(external_id=record.owner_external_id, name=record.owner_name, kind=record.owner_kind,
                          language=record.owner_language)
            owners[owner.external_id] = owner
            session.add(owner)
        stream = Stream(external_id=record.external_id, owner=owner, title=record.title,
                        category=record.category, place_type=record.place_type, visibility=record.visibility,
                        state=record.state, source_uri=record.source_uri, **compliance_defaults(record.category))
        session.add(stream)
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.STREAM_IMPORT, entity_type="stream",
                     entity_id=stream.id, after=snapshot(stream) | {"external_id": stream.external_id})
        summary.created += 1
    return summary


def import_reports(session: Session, *, actor: Actor, text: str, fmt: str, settings: Settings) -> ImportSummary:
    """Create reports from a file with priority and SLA deadline; existing external ids are skipped."""
    require(actor, Action.IMPORT_DATA)
    numbered = parse_records(text, kind="reports", fmt=fmt)
    streams = dict(session.execute(select(Stream.external_id, Stream.id).where(
        Stream.external_id.in_({r.stream_external_id for _, r in numbered}))).all())
    missing = [(n, f"stream_external_id: unknown stream {r.stream_external_id!r}")
               for n, r in numbered if r.stream_external_id not in streams]
    if missing:
        raise ImportRejected(missing, source=N_("reports"))
    summary = ImportSummary(kind="reports")
    existing = _existing(session, Report, [r.external_id for _, r in numbered])
    for _, record in numbered:
        if record.external_id in existing:
            summary.skipped_existing.append(record.external_id)
            continue
        report = new_report(session, record=record, stream_id=streams[record.stream_external_id], settings=settings)
        audit.record(session, actor=actor, action=AuditAction.REPORT_IMPORT, entity_type="report", entity_id=report.id,
                     after={"external_id": report.external_id, "priority": report.priority,
                            "sla_due_at": report.sla_due_at, "reason": report.reason.value})
        summary.created += 1
    return summary
