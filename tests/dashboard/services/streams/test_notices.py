"""Statements of reasons: every decision that limits what an owner may broadcast writes one notice, in the
decision's transaction, told in Chinese (and English on request), without the reporter or the reviewer."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from dashboard.clock import utcnow
from dashboard.db.models import OwnerNotice
from dashboard.enums import (
    AuditAction, Category, Decision, DeliveryState, NoticeKind, NoticeSource, PlaceType, ReportReason, Role,
    StreamState, TakedownReason, TakedownSource, Visibility,
)
from dashboard.services.desk.decisions import claim, decide as decide_report
from dashboard.services.streams.moderation import take_down
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.compliance import campus, stickers
from dashboard.services.streams import lifecycle, notices
from dashboard.services.wind_down import shutdown
from tests.factories import make_flag, make_report, make_scan, make_stream, make_user

SECRET_WORDS = "reporter-13800138000 saw my neighbour"


def _notices(session, stream):
    return list(session.scalars(select(OwnerNotice).where(OwnerNotice.owner_id == stream.owner_id)
                                .order_by(OwnerNotice.id)))


def _on_report(decision, reason):
    """A reviewer's decision on a viewer's report (whose text names the viewer: it must never reach the owner)."""
    def decide(session, settings, stream):
        reviewer = make_user(session, role=Role.REVIEWER)
        report = make_report(session, stream=stream, reason=reason)
        report.text = SECRET_WORDS
        claim(session, actor=reviewer, report_id=report.id, settings=settings)
        decide_report(session, actor=reviewer, report_id=report.id, decision=decision, reason="seen on the stream")
        return reviewer
    decide.__name__ = f"report_{decision.value}"
    return decide


_report_takedown = _on_report(Decision.TAKE_DOWN, ReportReason.MINORS)
_report_private = _on_report(Decision.MAKE_PRIVATE, ReportReason.PRIVACY)


def _scan_takedown(session, settings, stream):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    flag = make_flag(session, stream=stream, scan=make_scan(session, stream=stream, people_peak=9))
    take_down(session, actor=lead, stream_id=stream.id, reason=TakedownReason.FOOT_TRAFFIC,
                      source=TakedownSource.SCAN_FLAG, note="street", flag_id=flag.id)
    return lead


def _scan_suspend(session, settings, stream):
    scan = make_scan(session, stream=stream, people_peak=7)
    lifecycle.move(session, actor=SYSTEM, stream=stream, action=AuditAction.STREAM_SUSPEND, reason="foot traffic",
                   state=StreamState.SUSPENDED, told=notices.Decided(NoticeKind.SUSPEND, "foot_traffic",
                                                                     NoticeSource.SCAN_FLAG, "ssdlite",
                                                                     notices.scan_facts(scan)))
    return None


def _campus_sweep(session, settings, stream):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    campus.sweep_public(session, actor=lead)
    return lead


def _sticker_revoked(session, settings, stream):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    sticker, _ = stickers.issue(session, actor=lead, stream_id=stream.id, settings=settings)
    stickers.revoke(session, actor=lead, sticker_id=sticker.id, reason="sticker not posted at the door")
    return lead


def _welfare_revoked(session, settings, stream):
    from dashboard.services.compliance import welfare

    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    welfare.decide(session, actor=lead, stream_id=stream.id, decision="revoke", reason="no farming in view",
                   settings=settings)
    return lead


CASES = [
    # decision, stream category and place, kind, ground, source, automated
    (_report_takedown, Category.OTHER, NoticeKind.TAKE_DOWN, "minors", NoticeSource.USER_REPORT, False),
    (_report_private, Category.OTHER, NoticeKind.MAKE_PRIVATE, "privacy", NoticeSource.USER_REPORT, False),
    (_scan_takedown, Category.OTHER, NoticeKind.TAKE_DOWN, "foot_traffic", NoticeSource.SCAN_FLAG, False),
    (_scan_suspend, Category.OTHER, NoticeKind.SUSPEND, "foot_traffic", NoticeSource.SCAN_FLAG, True),
    (_campus_sweep, Category.CAMPUS, NoticeKind.MAKE_PRIVATE, "campus_public", NoticeSource.COMPLIANCE, False),
    (_sticker_revoked, Category.RESTAURANT, NoticeKind.STICKER_REVOKED, "sticker_missing", NoticeSource.COMPLIANCE,
     False),
    (_welfare_revoked, Category.ECOLOGICAL_AGRICULTURE, NoticeKind.TAKE_DOWN, "welfare_revoked",
     NoticeSource.COMPLIANCE, False),
]


@pytest.mark.parametrize(("decide", "category", "kind", "ground", "source", "automated"), CASES,
                         ids=[case[0].__name__.strip("_") for case in CASES])
def test_each_decision_tells_its_owner_once_in_chinese_and_english(session, settings, decide, category, kind,
                                                                    ground, source, automated):
    stream = make_stream(session, category=category, place_type=PlaceType.STREET)
    decider = decide(session, settings, stream)
    session.flush()
    told = [n for n in _notices(session, stream) if n.kind == kind]
    assert len(told) == 1, [(n.kind, n.ground) for n in _notices(session, stream)]
    notice = told[0]
    assert (notice.ground, notice.source, notice.automated) == (ground, source, automated)
    assert notice.delivery_state == DeliveryState.PENDING and notice.decided_by_id == getattr(decider, "id", None)
    chinese, english = notices.render(notice), notices.render(notice, language="en")
    assert chinese["language"] == "zh_CN" and any("\u4e00" <= ch <= "\u9fff" for ch in chinese["text"]["decision"])
    assert english["text"]["decision"].startswith(("Your", "The")) and english["text"]["ground"]
    assert chinese["text"]["ground"] != english["text"]["ground"]
    assert ("appeal" in english["text"]["appeal"]) and chinese["appeal_until"]
    whole = json.dumps([chinese, english], ensure_ascii=False, default=str)
    assert SECRET_WORDS not in whole and "Test user" not in whole and "decided_by" not in whole


def test_a_scan_decision_names_the_detector_and_its_numbers(session, settings):
    stream = make_stream(session)
    _scan_takedown(session, settings, stream)
    notice = _notices(session, stream)[0]
    text = notices.render(notice, language="en")
    assert notice.source_detail == "ssdlite" and notice.facts["people_peak"] == 9
    assert "ssdlite" in text["text"]["facts"] and "9 people" in text["text"]["facts"]


def test_dates_are_told_in_beijing_time(session, settings):
    stream = make_stream(session)
    _report_takedown(session, settings, stream)
    notice = _notices(session, stream)[0]
    notice.created_at = utcnow().replace(hour=20, minute=30, second=0, microsecond=0)
    rendered = notices.render(notice, language="en")
    assert rendered["decided_at"].endswith("04:30")  # 20:30 UTC is 04:30 the next day in Beijing


def test_a_move_back_towards_live_tells_nobody(session, settings):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    stream = make_stream(session, state=StreamState.SUSPENDED)
    lifecycle.move(session, actor=lead, stream=stream, action=AuditAction.STREAM_UNSUSPEND, state=StreamState.LIVE)
    lifecycle.move(session, actor=lead, stream=stream, action=AuditAction.STREAM_MAKE_PUBLIC,
                   visibility=Visibility.PUBLIC)
    assert _notices(session, stream) == []


def test_the_full_shutdown_tells_each_owner_once_in_its_own_transaction(session, settings):
    first, second = make_user(session, role=Role.MANAGER), make_user(session, role=Role.MANAGER)
    owner_streams = [make_stream(session, category=Category.OTHER, place_type=PlaceType.HOME) for _ in range(2)]
    for extra in owner_streams[1:]:
        extra.owner_id = owner_streams[0].owner_id
    lonely = make_stream(session, place_type=PlaceType.HOME, visibility=Visibility.PRIVATE_SHARED)
    session.flush()
    request = shutdown.request_shutdown(session, actor=first, override_reason="drill")
    shutdown.confirm_shutdown(session, actor=second, request_id=request.id)
    mine, theirs = _notices(session, owner_streams[0]), _notices(session, lonely)
    assert [n.kind for n in mine] == [NoticeKind.SHUT_DOWN] and [n.kind for n in theirs] == [NoticeKind.SHUT_DOWN]
    assert sorted(mine[0].facts["streams"]) == sorted(s.external_id for s in owner_streams)
    assert mine[0].decided_by_id == second.id and mine[0].appeal_until > utcnow() + timedelta(days=13)


def test_a_scan_suspension_names_the_detector_not_the_consoles_notes_about_it(session):
    """Found by the Celery cluster test: the scan describes its detector with a long note ('ssdlite (offline:
    yolo: weights … could not be loaded)'), which PostgreSQL refused as a notice's source."""
    from dashboard.services.scanning.runs import _flags_for

    stream = make_stream(session, place_type=PlaceType.STREET)
    scan = make_scan(session, stream=stream, people_peak=9)
    scan.detectors = {"persons": "ssdlite (offline: yolo: YOLO weights 'yolo11n.pt' could not be loaded "
                                 "(ConnectionError: download failure); set CONSOLE_YOLO_WEIGHTS)" + " x" * 60}
    _flags_for(session, scan=scan, actor=SYSTEM)
    session.flush()
    notice = _notices(session, stream)[0]
    assert (notice.kind, notice.source_detail, notice.facts["detector"]) == (NoticeKind.SUSPEND, "ssdlite", "ssdlite")
    assert "ConnectionError" not in json.dumps(notices.render(notice, language="en"), default=str)


def test_an_owner_who_reads_english_is_told_in_english(session, settings):
    english = make_stream(session)
    english.owner.language = "en"
    _report_takedown(session, settings, english)
    notice = _notices(session, english)[0]
    assert notice.language == "en" and notices.render(notice)["text"]["decision"].startswith("Your stream")
