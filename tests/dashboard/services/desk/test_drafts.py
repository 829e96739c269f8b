"""Decision drafts: one per reviewer and report, found again after a reload, gone once dropped or decided."""
from __future__ import annotations

from dashboard.enums import Decision, ReportStatus
from dashboard.services import desk
from tests.factories import make_report, make_stream, make_user


def test_a_draft_is_saved_updated_and_dropped(session):
    reviewer, other = make_user(session), make_user(session)
    report = make_report(session, stream=make_stream(session))
    assert desk.load_draft(session, user_id=reviewer.id, report_id=report.id) == desk.Draft()
    desk.save_draft(session, user_id=reviewer.id, report_id=report.id,
                    draft=desk.Draft(Decision.TAKE_DOWN, None, "faces at the till"))
    desk.save_draft(session, user_id=reviewer.id, report_id=report.id,
                    draft=desk.Draft(Decision.TAKE_DOWN, "Pupils or minors are visible", "faces at the till"))
    session.flush()
    assert desk.load_draft(session, user_id=reviewer.id, report_id=report.id) == desk.Draft(
        Decision.TAKE_DOWN, "Pupils or minors are visible", "faces at the till")
    assert desk.load_draft(session, user_id=other.id, report_id=report.id) == desk.Draft()
    desk.drop_draft(session, user_id=reviewer.id, report_id=report.id)
    assert desk.load_draft(session, user_id=reviewer.id, report_id=report.id) == desk.Draft()


def test_the_drafted_report_is_found_while_it_waits_in_the_queue(session):
    reviewer = make_user(session)
    report = make_report(session, stream=make_stream(session))
    desk.save_draft(session, user_id=reviewer.id, report_id=report.id, draft=desk.Draft(note="half written"))
    session.flush()
    assert desk.drafted_report(session, user_id=reviewer.id, queue=desk.Queue.REPORTS) == report.id
    assert desk.drafted_report(session, user_id=reviewer.id, queue=desk.Queue.ESCALATIONS) is None
    report.status = ReportStatus.CLOSED
    session.flush()
    assert desk.drafted_report(session, user_id=reviewer.id, queue=desk.Queue.REPORTS) is None
