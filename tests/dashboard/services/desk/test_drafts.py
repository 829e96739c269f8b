"""Decision drafts: one per reviewer and report, found again after a reload, gone once dropped or decided."""
from __future__ import annotations

from dashboard.enums import Decision, ReportStatus
from dashboard.services.desk.decisions import Queue
from dashboard.services.desk.drafts import Draft, drafted_report, drop_draft, load_draft, save_draft
from tests.factories import make_report, make_stream, make_user


def test_a_draft_is_saved_updated_and_dropped(session):
    reviewer, other = make_user(session), make_user(session)
    report = make_report(session, stream=make_stream(session))
    assert load_draft(session, user_id=reviewer.id, report_id=report.id) == Draft()
    save_draft(session, user_id=reviewer.id, report_id=report.id,
                    draft=Draft(Decision.TAKE_DOWN, None, "faces at the till"))
    save_draft(session, user_id=reviewer.id, report_id=report.id,
                    draft=Draft(Decision.TAKE_DOWN, "Pupils or minors are visible", "faces at the till"))
    session.flush()
    assert load_draft(session, user_id=reviewer.id, report_id=report.id) == Draft(
        Decision.TAKE_DOWN, "Pupils or minors are visible", "faces at the till")
    assert load_draft(session, user_id=other.id, report_id=report.id) == Draft()
    drop_draft(session, user_id=reviewer.id, report_id=report.id)
    assert load_draft(session, user_id=reviewer.id, report_id=report.id) == Draft()


def test_the_drafted_report_is_found_while_it_waits_in_the_queue(session):
    reviewer = make_user(session)
    report = make_report(session, stream=make_stream(session))
    save_draft(session, user_id=reviewer.id, report_id=report.id, draft=Draft(note="half written"))
    session.flush()
    assert drafted_report(session, user_id=reviewer.id, queue=Queue.REPORTS) == report.id
    assert drafted_report(session, user_id=reviewer.id, queue=Queue.ESCALATIONS) is None
    report.status = ReportStatus.CLOSED
    session.flush()
    assert drafted_report(session, user_id=reviewer.id, queue=Queue.REPORTS) is None
