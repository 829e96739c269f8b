"""Report intake: bad records are kept aside with their reason, the rest are kept; idempotent."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from dashboard.enums import Role
from dashboard.db.models import IntakeRejection, Report
from dashboard.db.session import unit_of_work
from dashboard.services.desk import intake
from dashboard.services.access.permissions import SYSTEM
from tests.factories import make_report, make_stream, make_user


def _line(external_id, stream, reason="privacy", at="2026-11-21T03:00:00Z"):
    return json.dumps({"external_id": external_id, "stream_external_id": stream, "reason": reason, "received_at": at})


def test_bad_records_are_rejected_and_the_rest_kept(session, settings):
    admin = make_user(session, role=Role.ADMIN)
    stream = make_stream(session)
    text = "\n".join([_line("in-1", stream.external_id), _line("in-2", "no-such-stream"),
                      _line("in-3", stream.external_id, reason="spam"), "{broken", _line("in-4", stream.external_id,
                                                                                         reason="other")])
    summary = intake.intake_reports(session, actor=admin, text=text, fmt="jsonl", source="batch-1.jsonl",
                                    settings=settings)
    assert summary.created == 2 and [n for n, _ in summary.rejected] == [2, 3, 4]
    rows = session.scalars(select(IntakeRejection).where(IntakeRejection.source == "batch-1.jsonl")
                           .order_by(IntakeRejection.line_no)).all()
    assert [(r.line_no, r.raw[:12]) for r in rows] == [(2, '{"external_i'), (3, '{"external_i'), (4, "{broken")]
    assert "unknown stream 'no-such-stream'" in rows[0].reason and "spam" in rows[1].reason
    again = intake.intake_reports(session, actor=admin, text=text, fmt="jsonl", source="batch-1.jsonl",
                                  settings=settings)
    assert again.created == 0 and again.skipped_existing == 2


def test_repeated_reports_raise_priority(session, settings):
    admin = make_user(session, role=Role.ADMIN)
    stream = make_stream(session)
    for _ in range(2):
        make_report(session, stream=stream, priority=3)
    intake.intake_reports(session, actor=admin, text=_line("rep-3", stream.external_id, reason="other"), fmt="jsonl",
                          source="x", settings=settings)
    assert session.scalar(select(Report.priority).where(Report.external_id == "rep-3")) == 2


def test_inbox_files_are_taken_in_and_moved(engine, settings, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with unit_of_work(engine) as session:
        stream_id = make_stream(session).external_id
    (inbox / "a.jsonl").write_text(_line(f"inbox-{stream_id}-1", stream_id) + "\n")
    (inbox / "b.csv").write_bytes(b"\xff\xfe not utf-8")
    (inbox / "ignore.txt").write_text("not an intake file")
    summaries = intake.process_inbox(lambda: unit_of_work(engine), actor=SYSTEM, inbox=inbox, settings=settings)
    assert [(s.source, s.created, len(s.rejected)) for s in summaries] == [("a.jsonl", 1, 0), ("b.csv", 0, 1)]
    assert sorted(p.name for p in inbox.iterdir()) == ["ignore.txt", "processed"]
    assert len(list((inbox / "processed").iterdir())) == 2
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).where(Report.external_id == f"inbox-{stream_id}-1")) == 1
        assert "UTF-8" in session.scalar(select(IntakeRejection.reason).where(IntakeRejection.source == "b.csv"))
