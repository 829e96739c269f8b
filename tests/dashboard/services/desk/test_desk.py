"""Report desk: claim leases, renewal, expiry, stale decisions, takedowns closing siblings, undo."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dashboard.clock import utcnow
from dashboard.enums import Decision, ReportReason, ReportStatus, Role, StreamState, Visibility
from dashboard.db.models import AuditEvent, Takedown
from dashboard.errors import Conflict, InvalidInput, PermissionDenied
from dashboard.services.desk.decisions import (
    claim, claim_next, decide, get_report, held_report, release, renew, undo,
)
from dashboard.services.access import audit
from dashboard.services.desk import reports
from dashboard.services.desk.decisions import Queue
from dashboard.i18n import translate
from tests.factories import make_report, make_stream, make_user


@pytest.fixture
def queue(session):
    """Three reports of different urgency on one stream and one on another; isolated by a fresh 'now'."""
    stream, other = make_stream(session), make_stream(session)
    now = utcnow() + timedelta(days=3650)  # later than anything other tests left in a shared database
    normal = make_report(session, stream=stream, reason=ReportReason.OTHER, priority=3, received_at=now - timedelta(hours=5))
    urgent_late = make_report(session, stream=stream, priority=1, received_at=now - timedelta(minutes=30))
    urgent_early = make_report(session, stream=other, priority=1, received_at=now - timedelta(hours=1))
    return {"now": now, "stream": stream, "other": other, "normal": normal, "urgent_late": urgent_late,
            "urgent_early": urgent_early}


def _claim(session, actor, settings, now, q=Queue.REPORTS):
    return claim_next(session, actor=actor, settings=settings, queue=q, now=now)


def test_claim_order_is_priority_then_deadline(session, settings, queue):
    reviewer = make_user(session, role=Role.REVIEWER)
    ids = [_claim(session, reviewer, settings, queue["now"]).id for _ in range(3)]
    assert ids[:2] == [queue["urgent_early"].id, queue["urgent_late"].id]
    assert ids[2] == queue["normal"].id
    first = session.get(type(queue["normal"]), ids[0])
    assert first.claimed_by_id == reviewer.id and first.first_claimed_at == queue["now"]
    assert first.lease_expires_at == queue["now"] + timedelta(minutes=settings.claim_lease_minutes)


def test_expired_lease_returns_report_to_the_queue_and_stale_decision_is_refused(session, settings, queue):
    first, second = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.REVIEWER)
    now = queue["now"]
    report = _claim(session, first, settings, now)
    later = now + timedelta(minutes=settings.claim_lease_minutes, seconds=1)
    with pytest.raises(Conflict, match="ran out"):
        decide(session, actor=first, report_id=report.id, decision=Decision.DISMISS, reason="ok", now=later)
    again = _claim(session, second, settings, later)
    assert again.id == report.id and again.claimed_by_id == second.id
    assert again.first_claimed_at == now  # time to first claim is kept for SLA reporting
    with pytest.raises(Conflict, match=f"claimed by {second.display_name}"):
        decide(session, actor=first, report_id=report.id, decision=Decision.DISMISS, reason="ok", now=later)
    decide(session, actor=second, report_id=report.id, decision=Decision.DISMISS, reason="fine", now=later)
    with pytest.raises(Conflict, match="already decided"):
        decide(session, actor=second, report_id=report.id, decision=Decision.DISMISS, reason="twice", now=later)


def test_renewal_extends_the_lease(session, settings, queue):
    reviewer = make_user(session, role=Role.REVIEWER)
    now = queue["now"]
    report = _claim(session, reviewer, settings, now)
    almost = now + timedelta(minutes=settings.claim_lease_minutes - 1)
    renew(session, actor=reviewer, report_id=report.id, settings=settings, now=almost)
    past_first_lease = now + timedelta(minutes=settings.claim_lease_minutes + 2)
    decide(session, actor=reviewer, report_id=report.id, decision=Decision.DISMISS, reason="ok",
                now=past_first_lease)
    assert report.status == ReportStatus.CLOSED and report.decided_by_id == reviewer.id


def test_takedown_closes_sibling_reports_with_a_link(session, settings, queue):
    reviewer = make_user(session, role=Role.REVIEWER)
    now = queue["now"]
    report = get_report(session, report_id=queue["urgent_late"].id)
    report.claimed_by_id, report.lease_expires_at = reviewer.id, now + timedelta(minutes=5)
    decide(session, actor=reviewer, report_id=report.id, decision=Decision.TAKE_DOWN,
                reason="customers filmed", now=now)
    sibling = get_report(session, report_id=queue["normal"].id)
    assert sibling.status == ReportStatus.CLOSED and sibling.closed_by_report_id == report.id
    assert queue["stream"].state == StreamState.TAKEN_DOWN
    takedown = session.scalar(select(Takedown).where(Takedown.report_id == report.id))
    assert takedown.source.value == "report" and takedown.reason.value == "privacy"
    assert get_report(session, report_id=queue["urgent_early"].id).status == ReportStatus.OPEN  # other stream
    assert sibling.decision_reason == f"stream taken down on report {report.external_id}"  # the id people see


def test_a_report_closed_with_a_takedown_says_so_in_the_readers_language(session, settings, queue):
    reviewer = make_user(session, role=Role.REVIEWER)
    report = get_report(session, report_id=queue["urgent_late"].id)
    report.claimed_by_id, report.lease_expires_at = reviewer.id, queue["now"] + timedelta(minutes=5)
    decide(session, actor=reviewer, report_id=report.id, decision=Decision.TAKE_DOWN,
                reason="customers filmed", now=queue["now"])
    frame = reports.stream_reports(session, stream_id=queue["stream"].id, exclude=report.id)
    [reason] = frame.loc[frame["id"] == queue["normal"].id, "decision_reason"]
    assert translate("zh_CN", reason) == f"已随举报 {report.external_id} 下架直播"
    assert "closed_with" not in frame.columns


def test_undo_by_lead_restores_stream_and_reopens_siblings(session, settings, queue):
    reviewer, lead = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.COMPLIANCE_LEAD)
    now = queue["now"]
    report = get_report(session, report_id=queue["urgent_late"].id)
    report.claimed_by_id, report.lease_expires_at = reviewer.id, now + timedelta(minutes=5)
    decide(session, actor=reviewer, report_id=report.id, decision=Decision.TAKE_DOWN, reason="x", now=now)
    with pytest.raises(PermissionDenied):
        undo(session, actor=reviewer, report_id=report.id, reason="oops")
    with pytest.raises(Conflict, match=f"undo report {report.id} instead"):
        undo(session, actor=lead, report_id=queue["normal"].id, reason="oops")
    undo(session, actor=lead, report_id=report.id, reason="wrong shop")
    assert report.status == ReportStatus.OPEN and queue["normal"].status == ReportStatus.OPEN
    assert queue["stream"].state == StreamState.LIVE and queue["stream"].visibility == Visibility.PUBLIC
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.actor_name == lead.username)).all()
    assert {"report.undo", "report.reopen", "stream.restore"} <= set(actions)
    restored = session.scalars(select(AuditEvent).where(AuditEvent.actor_name == lead.username,
                                                         AuditEvent.action == "stream.restore")).one()
    # the composed reason keeps its template, so the audit page says it in the reader's language
    assert restored.reason == f"undo of report {report.external_id}: wrong shop"
    phrase = audit.reason_phrase(restored.after)
    assert (phrase.template, phrase.params) == ("undo of report {report}: {reason}",
                                                {"report": report.external_id, "reason": "wrong shop"})


def test_escalation_goes_to_leads_with_the_same_mechanics(session, settings, queue):
    reviewer, lead = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.COMPLIANCE_LEAD)
    now = queue["now"]
    report = _claim(session, reviewer, settings, now)
    decide(session, actor=reviewer, report_id=report.id, decision=Decision.ESCALATE,
                reason="possible minors, need a lead", now=now)
    assert report.status == ReportStatus.ESCALATED and report.escalated_by_id == reviewer.id
    with pytest.raises(PermissionDenied):
        _claim(session, reviewer, settings, now, Queue.ESCALATIONS)
    claimed = _claim(session, lead, settings, now, Queue.ESCALATIONS)
    assert claimed.id == report.id
    with pytest.raises(InvalidInput, match="already an escalation"):
        decide(session, actor=lead, report_id=report.id, decision=Decision.ESCALATE, reason="x", now=now)
    decide(session, actor=lead, report_id=report.id, decision=Decision.MAKE_PRIVATE, reason="classroom", now=now)
    assert report.status == ReportStatus.CLOSED and report.stream.visibility == Visibility.PRIVATE_SHARED


def test_reason_required_and_manager_cannot_claim(session, settings, queue):
    reviewer, manager = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.MANAGER)
    report = _claim(session, reviewer, settings, queue["now"])
    with pytest.raises(InvalidInput):
        decide(session, actor=reviewer, report_id=report.id, decision=Decision.DISMISS, reason=" ",
                    now=queue["now"])
    with pytest.raises(PermissionDenied):
        _claim(session, manager, settings, queue["now"])


def test_release_hands_the_report_back(session, settings, queue):
    first, second = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.REVIEWER)
    now = queue["now"]
    report = _claim(session, first, settings, now)
    release(session, actor=first, report_id=report.id, reason="end of shift", now=now)
    assert _claim(session, second, settings, now).id == report.id


def test_the_held_report_is_found_again_after_a_reload_until_the_lease_runs_out(session, settings, queue):
    reviewer = make_user(session, role=Role.REVIEWER)
    now = queue["now"]
    assert held_report(session, user_id=reviewer.id, queue=Queue.REPORTS, now=now) is None
    report = _claim(session, reviewer, settings, now)
    assert held_report(session, user_id=reviewer.id, queue=Queue.REPORTS, now=now) == report.id
    assert held_report(session, user_id=reviewer.id, queue=Queue.ESCALATIONS, now=now) is None
    later = now + timedelta(minutes=settings.claim_lease_minutes, seconds=1)
    assert held_report(session, user_id=reviewer.id, queue=Queue.REPORTS, now=later) is None


def test_a_named_report_is_claimed_if_free_and_refused_with_the_holder_if_not(session, settings, queue):
    first, second = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.REVIEWER)
    now, target = queue["now"], queue["normal"]
    claimed = claim(session, actor=first, report_id=target.id, settings=settings, now=now)
    assert claimed.id == target.id and claimed.claimed_by_id == first.id
    with pytest.raises(Conflict, match=f"{target.external_id} is being worked on by {first.display_name}"):
        claim(session, actor=second, report_id=target.id, settings=settings, now=now)
    later = now + timedelta(minutes=settings.claim_lease_minutes, seconds=1)  # ran out: anyone may take it again
    assert claim(session, actor=second, report_id=target.id, settings=settings, now=later).claimed_by_id == second.id
    decide(session, actor=second, report_id=target.id, decision=Decision.DISMISS, reason="fine", now=later)
    with pytest.raises(Conflict, match="is closed, not waiting"):
        claim(session, actor=first, report_id=target.id, settings=settings, now=later)
