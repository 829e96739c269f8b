"""Flags: the view a reviewer decides from, confirm and dismiss, and flags on streams already down."""
from __future__ import annotations

import pytest

from dashboard.enums import FlagKind, FlagStatus, Role, StreamState
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.services.scanning import flags
from tests.factories import make_flag, make_stream, make_takedown, make_user


def test_flag_view_has_the_numbers_and_history(session, tmp_path):
    stream = make_stream(session)
    flag = make_flag(session, stream=stream)
    view = flags.flag_view(session, flag_id=flag.id, data_dir=tmp_path)
    assert view.kind == FlagKind.FOOT_TRAFFIC and view.details["people_peak"] == 6 and view.actionable
    assert view.scans and view.scans[0][2] == "public_foot_traffic" and view.evidence == []


def test_a_flag_on_a_stream_already_down_offers_no_takedown(session, tmp_path):
    stream = make_stream(session)
    flag = make_flag(session, stream=stream)
    make_takedown(session, stream=stream)
    view = flags.flag_view(session, flag_id=flag.id, data_dir=tmp_path)
    assert not view.actionable and view.takedowns


def test_dismissing_the_last_foot_traffic_flag_puts_a_suspended_stream_back_live(session):
    stream = make_stream(session, state=StreamState.SUSPENDED)
    flag = make_flag(session, stream=stream)
    flags.dismiss_flag(session, actor=make_user(session, role=Role.REVIEWER), flag_id=flag.id, reason="a mural")
    assert flag.status == FlagStatus.DISMISSED and stream.state == StreamState.LIVE


@pytest.mark.parametrize(("role", "reason", "error"), [
    (Role.REVIEWER, "  ", InvalidInput),
    (Role.MANAGER, "looks fine", PermissionDenied),
    (Role.TEACHER, "looks fine", PermissionDenied),
])
def test_resolving_a_flag_needs_a_reason_and_the_right_role(session, role, reason, error):
    flag = make_flag(session, stream=make_stream(session))
    with pytest.raises(error):
        flags.dismiss_flag(session, actor=make_user(session, role=role), flag_id=flag.id, reason=reason)
    assert flag.status == FlagStatus.OPEN
