"""The lifecycle: every move is audited with the stream before and after; going live must pass the policy."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.db.models import AuditEvent
from dashboard.enums import AuditAction, Category, PlaceType, StreamState, Visibility
from dashboard.errors import Conflict
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.streams import lifecycle
from tests.factories import make_campus_share, make_stream


def _events(session, stream_id):
    return session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "stream",
                                                    AuditEvent.entity_id == str(stream_id))).all()


def test_a_move_is_audited_with_before_and_after(session):
    stream = make_stream(session)
    lifecycle.move(session, actor=SYSTEM, stream=stream, action=AuditAction.STREAM_SUSPEND, reason="test",
                   state=StreamState.SUSPENDED, extra={"scan_id": 7})
    [event] = _events(session, stream.id)
    assert event.action == "stream.suspend" and event.before["state"] == "live"
    assert event.after == event.after | {"state": "suspended", "scan_id": 7}


@pytest.mark.parametrize(("category", "place", "blocker"), [
    (Category.SHOP, PlaceType.SHOP, "verified, unrevoked consent sticker"),
    (Category.CAMPUS, PlaceType.CLASSROOM, "viewing password"),
    (Category.POVERTY_ALLEVIATION, PlaceType.FARM, "current certification"),
])
def test_going_live_is_refused_while_the_policy_blocks_it(session, category, place, blocker):
    stream = make_stream(session, category=category, place_type=place, state=StreamState.SUSPENDED)
    with pytest.raises(Conflict, match=blocker):
        lifecycle.move(session, actor=SYSTEM, stream=stream, action=AuditAction.STREAM_UNSUSPEND,
                       state=StreamState.LIVE)
    assert stream.state == StreamState.SUSPENDED and not _events(session, stream.id)


def test_a_campus_stream_with_a_password_may_go_live(session):
    stream = make_stream(session, category=Category.CAMPUS, place_type=PlaceType.CLASSROOM,
                         state=StreamState.SUSPENDED, visibility=Visibility.PRIVATE_SHARED)
    make_campus_share(session, stream=stream)
    lifecycle.move(session, actor=SYSTEM, stream=stream, action=AuditAction.STREAM_UNSUSPEND, state=StreamState.LIVE)
    assert stream.state == StreamState.LIVE and len(_events(session, stream.id)) == 1


def test_seeding_a_new_stream_is_not_a_move(session):
    stream = make_stream(session)
    lifecycle.seeded(stream, state=StreamState.TAKEN_DOWN, visibility=Visibility.OFF)
    assert (stream.state, stream.visibility) == (StreamState.TAKEN_DOWN, Visibility.OFF)
    assert not _events(session, stream.id)
