"""report_hour_counts triggers: the counts always equal a recount of the reports, whatever changed them."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, update

from dashboard.enums import Decision, ReportStatus, Role
from dashboard.db.models import Report
from dashboard.services.desk.decisions import claim_next, decide, undo
from tests.factories import make_report, make_stream, make_user
from tests.recount import hour_of, recount, stored


def test_counts_follow_inserts_updates_and_deletes(session):
    rng = random.Random(7)
    reviewers = [make_user(session), make_user(session)]
    stream = make_stream(session)
    base = datetime(2031, 5, 4, 22, 59, 59, 999_999, tzinfo=timezone.utc)  # an hour's last microsecond
    reports = [make_report(session, stream=stream, priority=rng.randint(1, 3),
                           received_at=base + timedelta(minutes=rng.randint(0, 600)),
                           sla=timedelta(hours=rng.choice([1, 4]))) for _ in range(40)]
    reports.append(make_report(session, stream=stream, received_at=base))
    assert stored(session) == recount(session)
    for report in reports[:25]:  # decided one by one through the ORM, some late
        report.decided_at = report.received_at + timedelta(minutes=rng.randint(5, 400))
        report.decided_by_id, report.status = rng.choice(reviewers).id, ReportStatus.CLOSED
    session.flush()
    assert stored(session) == recount(session)
    ids = [r.id for r in reports[25:35]]  # a multi-row statement, as a takedown closing siblings is
    session.execute(update(Report).where(Report.id.in_(ids)).values(
        decided_at=base + timedelta(hours=9), decided_by_id=reviewers[0].id, closed_by_report_id=reports[0].id,
        status=ReportStatus.CLOSED))
    session.execute(update(Report).where(Report.id.in_(ids[:3])).values(priority=1))
    session.execute(update(Report).where(Report.id == reports[1].id).values(decided_at=None, decided_by_id=None))
    session.execute(delete(Report).where(Report.id.in_(ids[5:])))
    assert stored(session) == recount(session)


def test_claims_leave_the_counts_alone_and_desk_decisions_are_counted(session, settings):
    reviewer, lead = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.COMPLIANCE_LEAD)
    now = datetime(2036, 1, 1, 12, tzinfo=timezone.utc)
    stream = make_stream(session)
    siblings = [make_report(session, stream=stream, received_at=now - timedelta(hours=h)) for h in (1, 3, 5)]
    before = stored(session)
    report = claim_next(session, actor=reviewer, settings=settings, now=now)
    assert report.stream_id == stream.id
    assert stored(session) == before  # a claim changes no counted column
    decide(session, actor=reviewer, report_id=report.id, decision=Decision.TAKE_DOWN, reason="faces", now=now)
    after = stored(session)
    assert after == recount(session)
    assert after["decided", hour_of(now), 0, reviewer.id] == 1  # the siblings closed with it are not decisions
    assert after["late", hour_of(siblings[2].received_at), 1, reviewer.id] == 1  # received 5 h ago, 2 h SLA
    undo(session, actor=lead, report_id=report.id, reason="wrong stream")
    assert stored(session) == recount(session) == before


def test_migration_fills_the_counts_from_reports_already_there(isolated_engine):
    from sqlalchemy.orm import Session

    from dashboard.db.migrate import downgrade, upgrade

    with Session(isolated_engine) as session:
        stream, reviewer = make_stream(session), make_user(session)
        start = datetime(2030, 2, 3, 4, 5, tzinfo=timezone.utc)
        reports = [make_report(session, stream=stream, received_at=start + timedelta(minutes=37 * k))
                   for k in range(12)]
        # Read before the commit: reading after it would open a transaction holding a lock the downgrade needs.
        reviewer_id, report_ids = reviewer.id, [r.id for r in reports[:6]]
        session.commit()
        downgrade(isolated_engine, "0006")  # what the README says to do after a TRUNCATE or a trigger-less restore
        session.execute(update(Report).where(Report.id.in_(report_ids)).values(
            decided_at=start + timedelta(hours=3), decided_by_id=reviewer_id, status=ReportStatus.CLOSED))
        session.commit()
        upgrade(isolated_engine)
        assert stored(session) == recount(session)
        assert stored(session)["late", hour_of(start), 1, reviewer_id] == 2  # received 04:05 and 04:42, 2 h SLA
