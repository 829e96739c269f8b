"""Legal holds: placed and released by a compliance lead, with a reason, audited, never twice on one thing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.db.models import AuditEvent
from dashboard.enums import AuditAction, Role
from dashboard.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dashboard.services.retention.holds import active_holds, held_stream_ids, place_hold, release_hold
from tests.factories import make_report, make_stream, make_user


@pytest.fixture
def lead(session):
    return make_user(session, role=Role.COMPLIANCE_LEAD)


def test_hold_is_listed_audited_and_released(session, lead):
    stream = make_stream(session)
    hold = place_hold(session, actor=lead, stream_id=stream.id, reason="court order 17")
    (row,) = active_holds(session)
    assert (row.stream, row.report, row.placed_by, row.reason) == (stream.external_id, None, lead.username,
                                                                  "court order 17")
    assert held_stream_ids(session) == {stream.id}
    release_hold(session, actor=lead, hold_id=hold.id, reason="order lifted")
    assert active_holds(session) == [] and held_stream_ids(session) == set()
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == str(stream.id))).all()
    assert actions == [AuditAction.LEGAL_HOLD_PLACE.value, AuditAction.LEGAL_HOLD_RELEASE.value]


def test_a_report_hold_names_the_report_and_holds_its_stream(session, lead):
    stream = make_stream(session)
    report = make_report(session, stream=stream)
    place_hold(session, actor=lead, report_id=report.id, reason="the reporter's lawyer asked")
    place_hold(session, actor=lead, stream_id=stream.id, reason="and the stream as a whole")
    assert sorted(r.report or "" for r in active_holds(session, stream_id=stream.id)) == ["", report.external_id]
    assert held_stream_ids(session) == {stream.id}


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"reason": "  "}, InvalidInput),
    ({"reason": "again"}, Conflict),
    ({"reason": "x", "stream_id": 999_999}, NotFound),
    ({"reason": "x", "report_id": 999_999}, NotFound),
])
def test_bad_holds_are_refused(session, lead, kwargs, error):
    stream = make_stream(session)
    place_hold(session, actor=lead, stream_id=stream.id, reason="first")
    target = {} if {"stream_id", "report_id"} & set(kwargs) else {"stream_id": stream.id}
    with pytest.raises(error):
        place_hold(session, actor=lead, **target, **kwargs)


def test_a_released_hold_cannot_be_released_again(session, lead):
    hold = place_hold(session, actor=lead, stream_id=make_stream(session).id, reason="r")
    release_hold(session, actor=lead, hold_id=hold.id, reason="done")
    with pytest.raises(Conflict):
        release_hold(session, actor=lead, hold_id=hold.id, reason="done")


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.MANAGER, Role.TEACHER])
def test_only_compliance_leads_and_admins_hold(session, role):
    with pytest.raises(PermissionDenied):
        place_hold(session, actor=make_user(session, role=role), stream_id=make_stream(session).id, reason="r")
