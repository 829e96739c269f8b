"""Permission matrix: each role x each state-changing service action, allowed or refused."""
from __future__ import annotations

import pytest

from dashboard.enums import Role, TakedownReason, TakedownSource, Visibility
from dashboard.errors import PermissionDenied
from dashboard.enums import Decision, FlagKind, FlagStatus, ReportStatus
from dashboard.db.models import Flag, Scan
from dashboard.services.access import audit, users
from dashboard.config import load_settings
from dashboard.services.appeals.desk import claim_next_appeal
from dashboard.services.desk.decisions import Queue, claim_next, undo
from dashboard.services.data import exports, importer
from dashboard.services.scanning import flags, runs
from dashboard.services.evidence import frames
from dashboard.services.streams.moderation import make_private, restore, take_down
from dashboard.services.access.permissions import Action, PERMISSIONS, can
from dashboard.ui.navigation import pages_for
from tests.factories import make_stream, make_user

R, L, M, A, T = Role.REVIEWER, Role.COMPLIANCE_LEAD, Role.MANAGER, Role.ADMIN, Role.TEACHER

# The designed matrix, written out independently of PERMISSIONS so a change there must be deliberate.
EXPECTED = {
    Action.MANAGE_USERS: {A},
    Action.IMPORT_DATA: {A},
    Action.EXPORT_DATA: {L, M, A},
    Action.VIEW_AUDIT_LOG: {A},
    Action.DECIDE_REPORT: {R, L, A},
    Action.DECIDE_ESCALATION: {L, A},
    Action.UNDO_DECISION: {L, A},
    Action.RESOLVE_FLAG: {R, L, A},
    Action.RUN_SCAN: {R, L, A},
    Action.REVEAL_EVIDENCE: {R, L, A},
    Action.TAKE_DOWN_STREAM: {R, L, A},
    Action.MAKE_STREAM_PRIVATE: {R, L, A},
    Action.RESTORE_STREAM: {L, M, A},
    Action.MANAGE_STICKERS: {L, A},
    Action.VERIFY_STICKER: {R, L, A},
    Action.AUDIT_WELFARE: {L, A},
    Action.MANAGE_CAMPUS: {L, A},
    Action.APPROVE_ENABLEMENT: {L, A},
    Action.RECORD_ENABLEMENT_STEP: {R, L, A},
    Action.SET_CAMPUS_PASSWORD: {T},
    Action.SHUT_DOWN_PLATFORM: {M, A},
    Action.HOLD_EVIDENCE: {L, A},
    Action.EXPORT_CASE_FILE: {L, A},
    Action.PURGE_DATA: {A},
    Action.EDIT_PRESETS: {L, A},
    Action.DECIDE_APPEAL: {L, A},
}


def test_matrix_is_as_designed():
    assert set(EXPECTED) == set(Action)
    for action, roles in EXPECTED.items():
        assert {role for role in Role if action in PERMISSIONS[role]} == roles, action


def _import(session, actor, stream):
    text = ("external_id,owner_external_id,owner_name,owner_kind,title,category,place_type\n"
            "perm-1,o-perm,Owner,merchant,Shop,shop,shop\n")
    importer.import_streams(session, actor=actor, text=text, fmt="csv")


def _restore(session, actor, stream):
    admin = make_user(session, role=Role.ADMIN)
    takedown = take_down(session, actor=admin, stream_id=stream.id, reason=TakedownReason.OTHER,
                                 source=TakedownSource.POLICY_SWEEP, note="setup")
    restore(session, actor=actor, takedown_id=takedown.id, reason="undo")


def _undo(session, actor, stream):
    from tests.factories import make_report

    report = make_report(session, stream=stream, status=ReportStatus.CLOSED)
    report.decision, report.decision_reason = Decision.DISMISS, "setup"
    undo(session, actor=actor, report_id=report.id, reason="undo")


def _dismiss_flag(session, actor, stream):
    flag = Flag(stream_id=stream.id, kind=FlagKind.FOOT_TRAFFIC, status=FlagStatus.OPEN, details={})
    session.add(flag)
    session.flush()
    flags.dismiss_flag(session, actor=actor, flag_id=flag.id, reason="fine")


def _reveal(session, actor, stream):
    scan = Scan(stream_id=stream.id)
    session.add(scan)
    session.flush()
    frames.reveal_evidence(session, actor=actor, scan_id=scan.id, context="test")


def _claim(queue):
    return lambda s, a, st: claim_next(s, actor=a, settings=load_settings(demo_mode=True), queue=queue)


SERVICE_CALLS = {
    Action.DECIDE_REPORT: _claim(Queue.REPORTS),
    Action.DECIDE_ESCALATION: _claim(Queue.ESCALATIONS),
    Action.UNDO_DECISION: _undo,
    Action.RESOLVE_FLAG: _dismiss_flag,
    Action.RUN_SCAN: lambda s, a, st: runs.start_scan(s, actor=a, stream_id=_with_source(st).id),
    Action.REVEAL_EVIDENCE: _reveal,
    Action.MANAGE_USERS: lambda s, a, st: users.create_user(
        s, actor=a, username="newbie", display_name="New", role=Role.REVIEWER, password="a-good-long-pass"),
    Action.IMPORT_DATA: _import,
    Action.EXPORT_DATA: lambda s, a, st: exports.export(s, actor=a, kind="streams"),
    Action.VIEW_AUDIT_LOG: lambda s, a, st: audit.list_events(s, actor=a),
    Action.TAKE_DOWN_STREAM: lambda s, a, st: take_down(
        s, actor=a, stream_id=st.id, reason=TakedownReason.FOOT_TRAFFIC, source=TakedownSource.SCAN_FLAG, note="x"),
    Action.MAKE_STREAM_PRIVATE: lambda s, a, st: make_private(s, actor=a, stream_id=st.id, reason="x"),
    Action.RESTORE_STREAM: _restore,
    Action.DECIDE_APPEAL: lambda s, a, st: claim_next_appeal(s, actor=a,
                                                                     settings=load_settings(demo_mode=True)),
    Action.SHUT_DOWN_PLATFORM: lambda s, a, st: take_down(
        s, actor=a, stream_id=st.id, reason=TakedownReason.SHUTDOWN, source=TakedownSource.SHUTDOWN, note="x"),
}


def _with_source(stream):
    stream.source_uri = "/tmp/clip.mp4"
    return stream


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(SERVICE_CALLS))
def test_service_enforces_role(session, role, action):
    actor = make_user(session, role=role)
    stream = make_stream(session, visibility=Visibility.PUBLIC)
    call = SERVICE_CALLS[action]
    if role in EXPECTED[action]:
        call(session, actor, stream)
    else:
        with pytest.raises(PermissionDenied):
            call(session, actor, stream)


def test_inactive_user_may_do_nothing(session):
    admin = make_user(session, role=Role.ADMIN, active=False)
    assert not any(can(admin, action) for action in Action)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_its_actions_and_a_page(role):
    assert role in PERMISSIONS  # can() would raise KeyError for a role added without its actions
    assert pages_for(role), f"{role} would sign in to an empty console"
