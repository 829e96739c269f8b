"""A stream's case file for a legal request: every table, the audit trail and the evidence frames, in one zip."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from dashboard.db.models import AuditEvent
from dashboard.enums import AuditAction, Role
from dashboard.errors import InvalidInput, NotFound, PermissionDenied
from dashboard.services.access import audit
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.retention.case_files import case_file
from dashboard.services.retention.holds import place_hold
from tests.factories import make_evidence, make_flag, make_report, make_scan, make_stream, make_takedown, make_user


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def test_the_case_file_holds_everything_about_the_stream(session, settings):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    stream, other = make_stream(session), make_stream(session)
    report = make_report(session, stream=stream)
    report.text = "=HYPERLINK(\"http://evil\",\"click\")"
    scan = make_scan(session, stream=stream)
    frames = make_evidence(session, scan=scan, data_dir=settings.data_dir)
    make_flag(session, stream=stream, scan=scan)
    make_takedown(session, stream=stream)
    make_report(session, stream=other)
    audit.record(session, actor=SYSTEM, action=AuditAction.REPORT_INTAKE, entity_type="report", entity_id=report.id)
    place_hold(session, actor=lead, stream_id=stream.id, reason="police request 88")
    data = case_file(session, actor=lead, stream_id=stream.id, data_dir=settings.data_dir, reason="police request 88")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        assert {"case.json", "reports.csv", "takedowns.csv", "flags.csv", "scans.csv", "stickers.csv",
                "audit_events.csv"} <= names
        assert {f"evidence/scan-{scan.id}/{p.name}" for p in frames} <= names
        assert archive.read(f"evidence/scan-{scan.id}/{frames[0].name}") == frames[0].read_bytes()
        (row,) = _rows(archive, "reports.csv")  # the other stream's report is not in it
        assert row["external_id"] == report.external_id and row["text"].startswith("'=")
        assert len(_rows(archive, "takedowns.csv")) == 1 and len(_rows(archive, "flags.csv")) == 1
        events = {(e["entity_type"], e["action"]) for e in _rows(archive, "audit_events.csv")}
        assert ("report", "report.intake") in events and ("stream", "legal_hold.place") in events
        summary = json.loads(archive.read("case.json"))
    assert summary["stream"]["external_id"] == stream.external_id and summary["evidence_frames"] == 2
    assert summary["legal_holds"][0]["reason"] == "police request 88" and summary["exported_by"] == lead.username
    exported = session.scalar(select(AuditEvent).where(AuditEvent.action == AuditAction.CASE_FILE_EXPORT.value))
    assert exported.entity_id == str(stream.id) and exported.after["evidence_frames"] == 2


@pytest.mark.parametrize(("role", "reason", "error"), [
    (Role.REVIEWER, "request 1", PermissionDenied),
    (Role.MANAGER, "request 1", PermissionDenied),
    (Role.COMPLIANCE_LEAD, " ", InvalidInput),
])
def test_case_files_need_a_lead_and_a_stated_request(session, settings, role, reason, error):
    stream = make_stream(session)
    with pytest.raises(error):
        case_file(session, actor=make_user(session, role=role), stream_id=stream.id, data_dir=settings.data_dir,
                  reason=reason)


def test_an_unknown_stream_is_not_found(session, settings):
    with pytest.raises(NotFound):
        case_file(session, actor=SYSTEM, stream_id=424242, data_dir=settings.data_dir, reason="request")


def test_a_row_pointing_outside_the_data_folder_is_neither_zipped_nor_deleted(session, settings, tmp_path):
    """A tampered or restored row names a file elsewhere: the case file skips it and the purge leaves it alone."""
    from datetime import timedelta

    import time_machine

    from dashboard.clock import utcnow
    from dashboard.db.models import Observation
    from dashboard.services.retention.expiry import purge

    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    stream = make_stream(session)
    scan = make_scan(session, stream=stream)
    inside = make_evidence(session, scan=scan, data_dir=settings.data_dir, frames=1)
    outside = tmp_path / "elsewhere" / "secret.jpg"
    outside.parent.mkdir()
    outside.write_bytes(b"not the console's file")
    sneaky = settings.data_dir / "evidence" / ".." / ".." / "elsewhere" / "secret.jpg"
    session.add_all([Observation(scan_id=scan.id, frame_index=7, t_seconds=3.5, people=1, evidence_path=str(outside)),
                     Observation(scan_id=scan.id, frame_index=8, t_seconds=4.0, people=1, evidence_path=str(sneaky))])
    session.flush()
    with zipfile.ZipFile(io.BytesIO(case_file(session, actor=lead, stream_id=stream.id, data_dir=settings.data_dir,
                                              reason="court order 9"))) as archive:
        evidence = [n for n in archive.namelist() if n.startswith("evidence/")]
    assert evidence == [f"evidence/scan-{scan.id}/{inside[0].name}"]
    with time_machine.travel(utcnow() + timedelta(days=settings.evidence_retention_days + 2), tick=False):
        summary = purge(session, actor=SYSTEM, settings=settings)
    assert outside.exists() and not inside[0].exists()
    assert (summary.evidence_frames, summary.failed_files) == (1, 2)
