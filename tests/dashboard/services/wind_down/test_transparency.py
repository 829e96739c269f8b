"""The monthly transparency report on a seeded month: decisions by ground and source, automated share, time to
decision, appeals and overturns; the CSV and the bilingual PDF; a badly written month."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pypdfium2
import pytest

from dashboard.db.models import Appeal
from dashboard.enums import (
    AppealStatus, NoticeKind, NoticeSource, ReportReason, ReportStatus, Decision, Role,
)
from dashboard.errors import InvalidInput
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.streams import notices
from dashboard.services.wind_down.transparency import (
    month_bounds, recent_months, transparency, transparency_csv, transparency_pdf,
)
from tests.factories import make_report, make_stream, make_user

MONTH = "2031-11"  # a month of its own in the shared test database
IN_MONTH = datetime(2031, 11, 10, 4, 0, tzinfo=timezone.utc)


def _notice(session, *, kind, ground, source, actor, at):
    notice = notices.tell_owner(session, actor=actor, stream=make_stream(session),
                                decided=notices.Decided(kind, ground, source))
    notice.created_at = at
    session.flush()
    return notice


@pytest.fixture
def month(session):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    scan = [_notice(session, kind=NoticeKind.SUSPEND, ground="foot_traffic", source=NoticeSource.SCAN_FLAG,
                    actor=SYSTEM, at=IN_MONTH) for _ in range(3)]
    by_person = _notice(session, kind=NoticeKind.TAKE_DOWN, ground="privacy", source=NoticeSource.USER_REPORT,
                        actor=lead, at=IN_MONTH + timedelta(days=1))
    _notice(session, kind=NoticeKind.TAKE_DOWN, ground="privacy", source=NoticeSource.USER_REPORT, actor=lead,
            at=IN_MONTH + timedelta(days=40))  # next month: not counted
    for minutes, notice in ((30, scan[0]), (90, by_person)):
        report = make_report(session, stream=notice.stream, reason=ReportReason.PRIVACY, received_at=IN_MONTH)
        report.status, report.decision = ReportStatus.CLOSED, Decision.DISMISS
        report.decided_at = IN_MONTH + timedelta(minutes=minutes)
    for i, (notice, status) in enumerate(((scan[0], AppealStatus.OVERTURNED), (scan[1], AppealStatus.UPHELD),
                                          (by_person, AppealStatus.OPEN))):
        session.add(Appeal(external_id=f"tr-{notice.id}-{i}", notice_id=notice.id, text="", received_at=IN_MONTH,
                           sla_due_at=IN_MONTH + timedelta(hours=72), status=status))
    session.flush()


def test_the_months_figures(session, month):
    report = transparency(session, month=MONTH)
    rows = {(r.ground, r.source, r.automated): r.decisions for r in report.decisions.itertuples()}
    assert rows == {("foot_traffic", "scan_flag", True): 3, ("privacy", "user_report", False): 1}
    assert report.automated_share == 0.75
    assert (report.reports_decided, report.median_minutes_to_decision) == (2, 60.0)
    appeals = {r.source: (r.received, r.decided, r.overturned) for r in report.appeals.itertuples()}
    assert appeals == {"scan_flag": (2, 2, 1), "user_report": (1, 0, 0)}


def test_the_csv_and_the_bilingual_pdf(session, month):
    report = transparency(session, month=MONTH)
    rows = list(csv.DictReader(io.StringIO(transparency_csv(report))))
    assert {"decisions", "reports", "appeals"} == {r["section"] for r in rows}
    assert any(r["figure"] == "median_minutes_to_decision" and r["value"] == "60.0" for r in rows)
    text = pypdfium2.PdfDocument(transparency_pdf(report))[0].get_textpage().get_text_range()
    assert "Transparency report 2031-11" in text and "透明度报告" in text
    assert "Foot traffic" in text and "75%" in text


@pytest.mark.parametrize("month", ["2031-13", "31-11", "November", "", "2031-11-01"])
def test_a_badly_written_month_is_one_clear_message(session, month):
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        transparency(session, month=month)


def test_months_are_beijing_months():
    since, until = month_bounds("2031-12")
    assert since == datetime(2031, 11, 30, 16, tzinfo=timezone.utc)
    assert until == datetime(2031, 12, 31, 16, tzinfo=timezone.utc)
    assert recent_months(3, now=datetime(2032, 1, 31, 17, tzinfo=timezone.utc)) == ["2032-02", "2032-01", "2031-12"]
