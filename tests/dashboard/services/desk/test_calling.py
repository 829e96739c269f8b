"""Which waiting reports call a reviewer: urgent ones and those within 15 minutes of their SLA, unclaimed."""
from __future__ import annotations

from datetime import timedelta

import pytest

from dashboard.clock import utcnow
from dashboard.enums import ReportReason, ReportStatus
from dashboard.services.desk.reports import calling_reports
from tests.factories import make_report, make_stream, make_user

OPEN = (ReportStatus.OPEN,)


@pytest.mark.parametrize(("priority", "due_in", "calls", "urgent", "soon"), [
    (1, timedelta(hours=2), True, True, False),       # privacy or minors: urgent, deadline far
    (1, timedelta(minutes=10), True, True, True),     # urgent and nearly late
    (3, timedelta(minutes=14), True, False, True),    # an ordinary report about to pass its SLA
    (3, timedelta(minutes=-5), True, False, True),    # already late: still calling
    (2, timedelta(minutes=16), False, False, False),  # high, but 16 minutes left
    (3, timedelta(hours=20), False, False, False),
])
def test_a_waiting_report_calls_when_urgent_or_nearly_late(session, priority, due_in, calls, urgent, soon):
    now = utcnow()
    report = make_report(session, stream=make_stream(session), reason=ReportReason.OTHER, priority=priority,
                         received_at=now - timedelta(minutes=30), sla=timedelta(minutes=30) + due_in)
    found = {c.id: c for c in calling_reports(session, statuses=OPEN, now=now)}
    assert (report.id in found) is calls
    if calls:
        assert (found[report.id].urgent, found[report.id].due_soon) == (urgent, soon)
        assert found[report.id].external_id == report.external_id


def test_claimed_decided_and_other_queue_reports_do_not_call(session):
    now, stream = utcnow(), make_stream(session)
    claimed = make_report(session, stream=stream, received_at=now)
    claimed.claimed_by_id, claimed.lease_expires_at = make_user(session).id, now + timedelta(minutes=10)
    expired = make_report(session, stream=stream, received_at=now)
    expired.claimed_by_id, expired.lease_expires_at = claimed.claimed_by_id, now - timedelta(seconds=1)
    make_report(session, stream=stream, received_at=now, status=ReportStatus.CLOSED)
    escalated = make_report(session, stream=stream, received_at=now, status=ReportStatus.ESCALATED)
    session.flush()
    assert [c.id for c in calling_reports(session, statuses=OPEN, now=now)] == [expired.id]
    assert [c.id for c in calling_reports(session, statuses=(ReportStatus.ESCALATED,), now=now)] == [
        escalated.id]


def test_the_most_urgent_come_first_and_the_list_is_bounded(session):
    now, stream = utcnow(), make_stream(session)
    late = make_report(session, stream=stream, priority=3, received_at=now - timedelta(hours=1),
                       sla=timedelta(minutes=55))
    urgent = [make_report(session, stream=stream, priority=1, received_at=now - timedelta(minutes=m))
              for m in (1, 2, 3)]
    calling = calling_reports(session, statuses=OPEN, now=now, limit=3)
    assert [c.id for c in calling] == [r.id for r in sorted(urgent, key=lambda r: r.sla_due_at)]
    assert late.id in {c.id for c in calling_reports(session, statuses=OPEN, now=now)}
