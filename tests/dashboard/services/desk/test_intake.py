"""Report intake: bad records are kept aside with their reason, the rest are kept; idempotent."""
from __future__ import annotations

import json

import pytest

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


def test_inbox_files_are_taken_in_and_moved(isolated_engine, settings, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with unit_of_work(isolated_engine) as session:
        stream_id = make_stream(session).external_id
    (inbox / "a.jsonl").write_text(_line(f"inbox-{stream_id}-1", stream_id) + "\n")
    (inbox / "b.csv").write_bytes(b"\xff\xfe not utf-8")
    (inbox / "ignore.txt").write_text("not an intake file")
    summaries = intake.process_inbox(lambda: unit_of_work(isolated_engine), actor=SYSTEM, inbox=inbox,
                                     settings=settings)
    assert [(s.source, s.created, len(s.rejected)) for s in summaries] == [("a.jsonl", 1, 0), ("b.csv", 0, 1)]
    assert sorted(p.name for p in inbox.iterdir()) == ["ignore.txt", "processed"]
    assert len(list((inbox / "processed").iterdir())) == 2
    with unit_of_work(isolated_engine) as session:
        assert session.scalar(select(func.count()).where(Report.external_id == f"inbox-{stream_id}-1")) == 1
        assert "UTF-8" in session.scalar(select(IntakeRejection.reason).where(IntakeRejection.source == "b.csv"))


def _report(external_id, stream, text="", at="2026-11-21T03:00:00Z"):
    return json.dumps({"external_id": external_id, "stream_external_id": stream, "reason": "privacy",
                       "received_at": at, "text": text})


@pytest.mark.parametrize(("text", "problem"), [
    ("shop\u0000owner films us", "control character U+0000"),
    ("bell \u0007 ring", "control character U+0007"),
])
def test_control_characters_are_rejected_and_stored_safely(session, settings, text, problem):
    stream = make_stream(session)
    body = "\n".join([_report("ctl-1", stream.external_id, text=text), _report("ctl-2", stream.external_id)])
    summary = intake.intake_reports(session, actor=SYSTEM, text=body, fmt="jsonl", source="ctl.jsonl",
                                    settings=settings)
    session.flush()  # PostgreSQL refuses NUL in text: this would raise DataError if it reached the database
    assert summary.created == 1 and summary.rejected[0][0] == 1 and problem in summary.rejected[0][1]
    [row] = session.scalars(select(IntakeRejection).where(IntakeRejection.source == "ctl.jsonl")).all()
    assert "\x00" not in row.raw


def test_a_nul_byte_is_rejected_and_the_next_inbox_file_is_taken_in(isolated_engine, settings, tmp_path):
    with unit_of_work(isolated_engine) as session:
        stream_id = make_stream(session).external_id
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    header = "external_id,stream_external_id,reason,received_at,text\n"
    (inbox / "a-hostile.csv").write_bytes(
        (header + f"nul-1,{stream_id},privacy,2026-11-21T03:00:00Z,bad\x00text\n").encode())
    (inbox / "b-next.jsonl").write_text(_report("nul-2", stream_id) + "\n")
    summaries = intake.process_inbox(lambda: unit_of_work(isolated_engine), actor=SYSTEM, inbox=inbox,
                                     settings=settings)
    assert [s.created for s in summaries] == [0, 1] and summaries[0].rejected
    assert sorted(p.name.split("-", 1)[1] for p in (inbox / "processed").iterdir()) == ["a-hostile.csv", "b-next.jsonl"]


@pytest.mark.parametrize(("text", "problem"), [
    ("", "holds no records"),
    ("external_id,stream_external_id,reason,received_at\n", "holds no records"),
])
def test_empty_and_header_only_files_say_so(session, settings, text, problem):
    summary = intake.intake_reports(session, actor=SYSTEM, text=text, fmt="csv", source="empty.csv",
                                    settings=settings)
    assert summary.created == 0 and problem in summary.rejected[0][1]


def test_a_report_from_the_future_is_rejected(session, settings):
    stream = make_stream(session)
    summary = intake.intake_reports(session, actor=SYSTEM, text=_report("fut-1", stream.external_id,
                                                                        at="2999-01-01T00:00:00Z"),
                                    fmt="jsonl", source="future.jsonl", settings=settings)
    assert summary.created == 0 and "in the future" in summary.rejected[0][1]


def test_a_rejected_records_reason_is_read_in_the_readers_language(isolated_engine, settings, tmp_path):
    """Kept as the phrase it was written from (stored in English too, for exports): the Chinese desk reads it in
    Chinese, a bad line's and a whole unreadable file's alike; a row from before the phrase was kept reads as
    it was stored."""
    from dashboard.i18n import translate

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text(_line("in-x", "no-such-stream") + "\n")
    (inbox / "b.csv").write_bytes(b"\xff\xfe not utf-8")
    intake.process_inbox(lambda: unit_of_work(isolated_engine), actor=SYSTEM, inbox=inbox, settings=settings)
    with unit_of_work(isolated_engine) as session:
        session.add(IntakeRejection(source="old.csv", line_no=1, raw="x", reason="written before 0019"))
        session.flush()
        rows = {r.source: r for r in intake.recent_rejections(session)}
        said = {source: translate("zh_CN", intake.rejection_reason(row)) for source, row in rows.items()}
        english = {source: row.reason for source, row in rows.items()}
    assert english["a.jsonl"] == "unknown stream 'no-such-stream'" and said["a.jsonl"] != english["a.jsonl"]
    assert "'no-such-stream'" in said["a.jsonl"] and "未知" in said["a.jsonl"]
    assert "UTF-8" in english["b.csv"] and said["b.csv"] != english["b.csv"] and "UTF-8" in said["b.csv"]
    assert said["old.csv"] == "written before 0019"
