"""SLA reporting on a hand-built set of reports with known answers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dashboard.enums import ReportStatus, Role
from dashboard.errors import Conflict, InvalidInput, PermissionDenied
from dashboard.services.desk import handover
from dashboard.services.desk import sla
from tests.factories import make_report, make_stream, make_user

NOW = datetime(2036, 1, 10, 12, 0, tzinfo=timezone.utc)


def test_times_and_breaches_by_priority_and_hour(session):
    reviewer = make_user(session)
    stream = make_stream(session)
    base = NOW - timedelta(hours=10)  # received at 02:00 UTC
    fast = make_report(session, stream=stream, priority=1, received_at=base, sla=timedelta(hours=2))
    fast.first_claimed_at, fast.decided_at, fast.decided_by_id = base + timedelta(minutes=10), base + timedelta(minutes=30), reviewer.id
    fast.status = ReportStatus.CLOSED
    late = make_report(session, stream=stream, priority=1, received_at=base, sla=timedelta(hours=2))
    late.first_claimed_at, late.decided_at, late.decided_by_id = base + timedelta(minutes=50), base + timedelta(hours=3), reviewer.id
    late.status = ReportStatus.CLOSED
    waiting = make_report(session, stream=stream, priority=3, received_at=NOW - timedelta(hours=30), sla=timedelta(hours=24))
    session.flush()
    times = sla.report_times(session, since=NOW - timedelta(days=2), now=NOW)
    summary = sla.summary_by_priority(times).set_index("level")
    assert summary.loc["urgent", "reports"] == 2 and summary.loc["urgent", "claim_p50"] == 30.0
    assert summary.loc["urgent", "decision_p50"] == 105.0 and summary.loc["urgent", "breached"] == 1
    assert summary.loc["normal", "breached"] == 1 and summary.loc["normal", "breach_rate"] == 1.0
    assert waiting.id not in [r.id for r in sla.decisions_since(session, user_id=reviewer.id, since=base)]
    assert [r.id for r in sla.decisions_since(session, user_id=reviewer.id, since=base)] == [late.id, fast.id]


def test_handover_notes_unread_first_and_acknowledged_once(session):
    night, morning = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.REVIEWER)
    first = handover.add_note(session, actor=night, body="Stream str-000123 keeps getting privacy reports.")
    second = handover.add_note(session, actor=night, body="Escalated two minors reports to Lena.")
    handover.acknowledge(session, actor=morning, note_id=first.id)
    ids = [n.id for n in handover.recent_notes(session)]
    assert ids.index(second.id) < ids.index(first.id)
    with pytest.raises(Conflict):
        handover.acknowledge(session, actor=morning, note_id=first.id)
    with pytest.raises(InvalidInput):
        handover.add_note(session, actor=night, body="   ")
    with pytest.raises(PermissionDenied):
        handover.add_note(session, actor=make_user(session, role=Role.MANAGER), body="hello")


def test_summary_matches_on_both_backends(session):
    reviewer = make_user(session)
    stream = make_stream(session)
    base = NOW - timedelta(hours=10)
    for minutes in (10, 50):
        report = make_report(session, stream=stream, priority=1, received_at=base, sla=timedelta(hours=2))
        report.first_claimed_at = base + timedelta(minutes=minutes)
        report.decided_at, report.decided_by_id = base + timedelta(minutes=minutes * 3), reviewer.id
        report.status = ReportStatus.CLOSED
    session.flush()
    table = sla.summary(session, since=base, until=base + timedelta(minutes=1), now=NOW).set_index("level")
    assert table.loc["urgent", "reports"] == 2 and table.loc["urgent", "claim_p50"] == 30.0
    assert table.loc["urgent", "claim_p90"] == 46.0 and table.loc["urgent", "decision_p50"] == 90.0
    assert table.loc["urgent", "breached"] == 1


@pytest.mark.parametrize(("now", "tz", "start"), [
    (datetime(2026, 11, 29, 17, 30, tzinfo=timezone.utc), "UTC", datetime(2026, 11, 29, 0, tzinfo=timezone.utc)),
    # 01:30 on 30 Nov in Beijing: "today" began at 16:00 UTC the day before, not at 00:00 UTC
    (datetime(2026, 11, 29, 17, 30, tzinfo=timezone.utc), "Asia/Shanghai",
     datetime(2026, 11, 29, 16, tzinfo=timezone.utc)),
    (datetime(2026, 11, 29, 15, 30, tzinfo=timezone.utc), "Asia/Shanghai",
     datetime(2026, 11, 28, 16, tzinfo=timezone.utc)),
])
def test_today_starts_at_local_midnight(now, tz, start):
    assert sla.start_of_day(now, tz=tz) == start
