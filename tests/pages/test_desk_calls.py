"""The desk calls reviewers to urgent work: a toast for what arrived since the last look, the count in the tab
title, the tone only when switched on and at most once a minute."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from dashboard.db.models import Report, Stream
from dashboard.db.session import make_engine, unit_of_work
from dashboard.enums import ReportReason, ReportStatus, Role
from dashboard.ui import desk, desk_calls
from tests.factories import make_report
from tests.pages.test_pages import _signed_in, _scalar
from tests.pages.visible_text import _walk


def _new_urgent_report(db_path) -> str:
    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        stream = session.scalar(select(Stream).order_by(Stream.id).limit(1))
        external_id = make_report(session, stream=stream, reason=ReportReason.MINORS, priority=1).external_id
    engine.dispose()
    desk._queue_counts.clear()  # the shared read would otherwise see it within 4 s
    return external_id


def _scripts(at) -> str:
    return " ".join(str(node.proto) for node in _walk(at._tree)
                    if getattr(node, "proto", None) is not None and "consoleCalling" in str(node.proto))


def _desk(db_path):
    desk._queue_counts.clear()
    at = _signed_in(db_path, Role.REVIEWER)
    at.session_state["language"] = "en"
    return at.run()


def test_a_new_urgent_report_raises_a_toast_and_the_tab_count(own_app_env):
    at = _desk(own_app_env)
    assert not at.exception and not at.toast  # what waited before the first look is in the count, not a toast
    waiting = _scalar(own_app_env, select(func.count(Report.id)).where(
        Report.status == ReportStatus.OPEN, Report.claimed_by_id.is_(None),
        (Report.priority == 1) | (Report.sla_due_at <= datetime.now(timezone.utc) + timedelta(minutes=15))))
    assert f"window.consoleCalling = {waiting};" in _scripts(at)
    external_id = _new_urgent_report(own_app_env)
    at.run()
    assert any(external_id in toast.value for toast in at.toast), [toast.value for toast in at.toast]
    assert f"window.consoleCalling = {waiting + 1};" in _scripts(at)
    at.run()
    assert not at.toast  # told once


def test_the_tone_plays_only_when_switched_on_and_once_a_minute(own_app_env):
    at = _desk(own_app_env)
    _new_urgent_report(own_app_env)
    at.run()
    assert "if (false)" in _scripts(at)  # the switch is off: no tone
    at.toggle(key=desk_calls.SOUND_KEY).set_value(True).run()
    _new_urgent_report(own_app_env)
    at.run()
    assert "if (true)" in _scripts(at)
    _new_urgent_report(own_app_env)
    at.run()
    assert at.toast and "if (false)" in _scripts(at)  # a toast again, but no second tone within the minute
