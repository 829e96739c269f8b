"""Import of streams and reports: all-or-nothing, line numbers for bad records, idempotent."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from dashboard.enums import Role, StickerStatus
from dashboard.db.models import AuditEvent, Report, Stream
from dashboard.errors import ImportRejected, InvalidInput
from dashboard.services.data import importer
from dashboard.services.tables import records
from tests.factories import make_user

HEADER = "external_id,owner_external_id,owner_name,owner_kind,title,category,place_type,visibility\n"
GOOD = HEADER + "imp-1,o-1,Noodle Bar,merchant,Noodles live,restaurant,restaurant,public\n" \
                "imp-2,o-2,Green Farm,farm_coop,Rice terraces,ecological_agriculture,farm,public\n"


def _count(session, model):
    return session.scalar(select(func.count(model.id)))


def test_csv_import_creates_streams_with_compliance_defaults_and_audit(session):
    admin = make_user(session, role=Role.ADMIN)
    summary = importer.import_streams(session, actor=admin, text=GOOD, fmt="csv")
    assert summary.created == 2
    noodles = session.scalar(select(Stream).where(Stream.external_id == "imp-1"))
    assert noodles.sticker_status == StickerStatus.MISSING and noodles.owner.name == "Noodle Bar"
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "stream.import")) == 2


def test_reimport_is_idempotent(session):
    admin = make_user(session, role=Role.ADMIN)
    importer.import_streams(session, actor=admin, text=GOOD, fmt="csv")
    before = _count(session, Stream)
    again = importer.import_streams(session, actor=admin, text=GOOD, fmt="csv")
    assert again.created == 0 and again.skipped_existing == ["imp-1", "imp-2"]
    assert _count(session, Stream) == before


def test_an_owner_may_be_told_in_english_and_an_unknown_language_names_the_line(session):
    admin = make_user(session, role=Role.ADMIN)
    text = ('{"external_id": "imp-en", "owner_external_id": "o-en", "owner_name": "Ann", "owner_kind": "individual", '
            '"title": "Garden", "category": "scenery", "place_type": "home", "owner_language": "en"}\n')
    importer.import_streams(session, actor=admin, text=text, fmt="jsonl")
    assert session.scalar(select(Stream).where(Stream.external_id == "imp-en")).owner.language == "en"
    with pytest.raises(ImportRejected) as caught:
        importer.import_streams(session, actor=admin, text=text.replace('"en"', '"fr"').replace("imp-en", "imp-fr"),
                                fmt="jsonl")
    [(line, problem)] = caught.value.problems
    assert line == 1 and "owner_language" in problem


@pytest.mark.parametrize(("bad_line", "message"), [
    ("imp-3,o-3,Shop,merchant,Shop cam,shop,shop,public,EXTRA\n", "expected 8 columns"),
    ("imp-3,o-3,Shop,merchant,Shop cam,casino,shop,public\n", "category: unknown value 'casino'"),
    ("imp-1,o-3,Shop,merchant,Shop cam,shop,shop,public\n", "duplicate external_id 'imp-1' (first on line 2)"),
    ("imp-3,o-3,Shop,merchant,,shop,shop,public\n", "title"),
])
def test_bad_row_rejects_whole_file_with_line_number(session, bad_line, message):
    admin = make_user(session, role=Role.ADMIN)
    before = _count(session, Stream)
    with pytest.raises(ImportRejected) as caught:
        importer.import_streams(session, actor=admin, text=GOOD + bad_line, fmt="csv")
    [(line, problem)] = caught.value.problems
    assert line == 4 and message in problem
    assert _count(session, Stream) == before


def test_jsonl_reports_get_priority_and_sla(session, settings):
    admin = make_user(session, role=Role.ADMIN)
    importer.import_streams(session, actor=admin, text=GOOD, fmt="csv")
    lines = [
        {"external_id": "r-1", "stream_external_id": "imp-1", "reason": "privacy", "received_at": "2026-11-20T22:00:00+08:00"},
        {"external_id": "r-2", "stream_external_id": "imp-2", "reason": "other", "text": "odd", "received_at": "2026-11-20T14:00:00Z"},
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    assert importer.import_reports(session, actor=admin, text=text, fmt="jsonl", settings=settings).created == 2
    urgent = session.scalar(select(Report).where(Report.external_id == "r-1"))
    assert urgent.priority == 1
    assert (urgent.sla_due_at - urgent.received_at).total_seconds() == settings.sla_hours_urgent * 3600
    assert urgent.received_at.isoformat() == "2026-11-20T14:00:00+00:00"


@pytest.mark.parametrize(("record", "message"), [
    ('{"external_id": "r-9", "stream_external_id": "nope", "reason": "privacy", "received_at": "2026-11-20T14:00:00Z"}',
     "unknown stream 'nope'"),
    ('{"external_id": "r-9", "stream_external_id": "imp-1", "reason": "privacy", "received_at": "2026-11-20T14:00:00"}',
     "timezone"),
    ('{"external_id": "r-9", "stream_external_id": "imp-1", "reason": "spam", "received_at": "2026-11-20T14:00:00Z"}',
     "reason: unknown value 'spam'"),
    ('{"external_id": "r-9", ', "not valid JSON"),
    ('[1, 2]', "not a JSON object"),
])
def test_bad_report_records(session, settings, record, message):
    admin = make_user(session, role=Role.ADMIN)
    importer.import_streams(session, actor=admin, text=GOOD, fmt="csv")
    good = '{"external_id": "r-8", "stream_external_id": "imp-1", "reason": "other", "received_at": "2026-11-20T14:00:00Z"}'
    with pytest.raises(ImportRejected) as caught:
        importer.import_reports(session, actor=admin, text=good + "\n" + record + "\n", fmt="jsonl", settings=settings)
    [(line, problem)] = caught.value.problems
    assert line == 2
    assert message.lower() in problem.lower()
    assert _count(session, Report) == 0


def test_decode_refuses_oversized_and_binary(settings):
    with pytest.raises(InvalidInput, match="CONSOLE_MAX_UPLOAD_MB"):
        records.decode(b"x" * (settings.max_upload_mb * 1024 * 1024 + 1), settings=settings)
    with pytest.raises(InvalidInput, match="UTF-8"):
        records.decode(b"\xff\xfe\x00garbage", settings=settings)


def test_format_detection():
    assert records.detect_format("a.csv", "{") == "csv"
    assert records.detect_format("a.jsonl", "x") == "jsonl"
    assert records.detect_format("upload", '  {"a": 1}') == "jsonl"


# The words a problem may keep in Chinese: the file's own column names and the values as the file must spell them.
_FILE_WORDS = {"external_id", "stream_external_id", "owner_external_id", "owner_name", "owner_kind", "title",
               "category", "place_type", "visibility", "state", "reason", "received_at", "casino", "spam", "imp",
               "nope", "T", "Z", "U", "JSON", "CSV"}


@pytest.mark.parametrize(("kind", "fmt", "text"), [
    ("streams", "csv", GOOD + "imp-3,o-3,Shop,merchant,Shop cam,shop,shop,public,EXTRA\n"),
    ("streams", "csv", GOOD + "imp-3,o-3,Shop,merchant,Shop cam,casino,shop,public\n"),
    ("streams", "csv", GOOD + "imp-1,o-3,Shop,merchant,Shop cam,shop,shop,public\n"),
    ("streams", "csv", GOOD + "imp-3,o-3,Shop,merchant,,shop,shop,public\n"),
    ("streams", "csv", GOOD + "imp-3,o-3,Shop\x07,merchant,Shop cam,shop,shop,public\n"),
    ("streams", "csv", ""),
    ("reports", "jsonl", '{"external_id": "r-9", "stream_external_id": "imp-1", "reason": "spam", '
                         '"received_at": "2026-11-20T14:00:00"}'),
    ("reports", "jsonl", '{"external_id": "r-9", "reason": "privacy", "received_at": "next week", "x": 1}'),
    ("reports", "jsonl", '{"external_id": "r-9", "stream_external_id": "imp-1", "reason": "privacy", '
                         '"received_at": "2999-01-01T00:00:00Z"}'),
    ("reports", "jsonl", '{"external_id": "r-9", '),
    ("reports", "jsonl", "[1, 2]"),
])
def test_a_rejected_line_is_told_in_chinese(kind, fmt, text):
    """Each bad line's problem, read by a Chinese importer, has no English beyond the file's own words."""
    from dashboard.i18n import translate
    from tests.pages.test_no_english import ALLOWED
    from tests.pages.visible_text import english_words

    _, problems = records.validate_records(text, kind=kind, fmt=fmt)
    assert problems
    chinese = [translate("zh_CN", problem) for _, problem in problems]
    spelled = {value for model in (records.StreamRecord, records.ReportRecord)
               for name in model.model_fields for value in records._allowed(model, name)}  # the codes a file uses
    assert english_words(chinese, {w.lower() for w in ALLOWED | _FILE_WORDS | spelled}) == set(), chinese
    assert all(str(problem) != said for (_, problem), said in zip(problems, chinese))  # the English is not shown
