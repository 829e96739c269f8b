"""Stream state changes: take down, make private, restore; each audited in the same transaction."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.enums import Role, StreamState, TakedownReason, TakedownSource, Visibility
from dashboard.db.models import AuditEvent, Takedown
from dashboard.errors import Conflict, InvalidInput
from dashboard.services.streams.moderation import make_private, restore, take_down
from tests.factories import make_stream, make_user


def _events(session, action):
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_take_down_then_restore_puts_the_stream_back(session):
    reviewer, lead = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.COMPLIANCE_LEAD)
    stream = make_stream(session, visibility=Visibility.PUBLIC)
    takedown = take_down(session, actor=reviewer, stream_id=stream.id, reason=TakedownReason.FOOT_TRAFFIC,
                                 source=TakedownSource.SCAN_FLAG, note="crowd in frame")
    assert (stream.state, stream.visibility) == (StreamState.TAKEN_DOWN, Visibility.OFF)
    [event] = _events(session, "stream.take_down")
    assert event.actor_name == reviewer.username and event.before["state"] == "live"
    assert event.after["state"] == "taken_down" and event.reason == "crowd in frame"
    restore(session, actor=lead, takedown_id=takedown.id, reason="wrong stream")
    assert (stream.state, stream.visibility) == (StreamState.LIVE, Visibility.PUBLIC)
    assert takedown.restored_by_id == lead.id
    assert len(_events(session, "stream.restore")) == 1


def test_double_takedown_and_double_restore_are_conflicts(session):
    admin = make_user(session, role=Role.ADMIN)
    stream = make_stream(session)
    takedown = take_down(session, actor=admin, stream_id=stream.id, reason=TakedownReason.OTHER,
                                 source=TakedownSource.POLICY_SWEEP, note="x")
    with pytest.raises(Conflict):
        take_down(session, actor=admin, stream_id=stream.id, reason=TakedownReason.OTHER,
                          source=TakedownSource.POLICY_SWEEP, note="x")
    restore(session, actor=admin, takedown_id=takedown.id, reason="ok")
    with pytest.raises(Conflict):
        restore(session, actor=admin, takedown_id=takedown.id, reason="again")


def test_reason_is_required(session):
    admin = make_user(session, role=Role.ADMIN)
    stream = make_stream(session)
    with pytest.raises(InvalidInput):
        make_private(session, actor=admin, stream_id=stream.id, reason="   ")
    assert stream.visibility == Visibility.PUBLIC and _events(session, "stream.make_private") == []


def test_make_private_only_from_public(session):
    admin = make_user(session, role=Role.ADMIN)
    stream = make_stream(session)
    make_private(session, actor=admin, stream_id=stream.id, reason="campus")
    assert stream.visibility == Visibility.PRIVATE_SHARED
    with pytest.raises(Conflict):
        make_private(session, actor=admin, stream_id=stream.id, reason="again")


def test_rolled_back_change_leaves_no_audit_event(engine):
    from dashboard.db.session import unit_of_work

    with unit_of_work(engine) as session:
        admin = make_user(session, role=Role.ADMIN)
        stream_id = make_stream(session).id
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        actor = session.get(type(admin), admin.id)
        take_down(session, actor=actor, stream_id=stream_id, reason=TakedownReason.OTHER,
                          source=TakedownSource.POLICY_SWEEP, note="will fail")
        raise RuntimeError("crash after the change")
    with unit_of_work(engine) as session:
        assert session.scalars(select(Takedown).where(Takedown.stream_id == stream_id)).all() == []
        assert session.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(stream_id))).all() == []
        assert session.get(type(admin), admin.id) is not None


def test_merchant_without_verified_sticker_cannot_be_restored_to_live(session):
    from dashboard.enums import Category, PlaceType, StickerStatus

    admin = make_user(session, role=Role.ADMIN)
    shop = make_stream(session, category=Category.SHOP, place_type=PlaceType.SHOP)
    takedown = take_down(session, actor=admin, stream_id=shop.id, reason=TakedownReason.STICKER_MISSING,
                                 source=TakedownSource.POLICY_SWEEP, note="no sticker")
    with pytest.raises(Conflict, match="verified, unrevoked consent sticker"):
        restore(session, actor=admin, takedown_id=takedown.id, reason="owner asked")
    shop.sticker_status = StickerStatus.VERIFIED
    restore(session, actor=admin, takedown_id=takedown.id, reason="sticker now verified")
    assert shop.state == StreamState.LIVE
