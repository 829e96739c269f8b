"""Appeals: intake with its rejections, the four-eyes desk, overturns through the lifecycle, and the rates."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dashboard.clock import utcnow
from dashboard.db.models import Appeal, IntakeRejection, OwnerNotice
from dashboard.enums import (
    AppealStatus, Category, NoticeKind, NoticeSource, PlaceType, Role, StickerStatus, StreamState, TakedownReason,
    TakedownSource, Visibility,
)
from dashboard.errors import Conflict, PermissionDenied
from dashboard.services.appeals.desk import claim_appeal, claim_next_appeal, decide_appeal
from dashboard.services.appeals.intake import intake_appeals
from dashboard.services.appeals.rates import appeal_figures, overturn_rates, overturned_scan_flags
from dashboard.services.streams.moderation import take_down
from dashboard.services.access.permissions import SYSTEM
from tests.factories import make_flag, make_scan, make_stream, make_user


def _scan_takedown(session, *, category=Category.OTHER, sticker=None, decider=None):
    """A foot-traffic takedown from a scan flag, decided by a lead; returns the stream and its notice."""
    decider = decider or make_user(session, role=Role.COMPLIANCE_LEAD)
    stream = make_stream(session, category=category, place_type=PlaceType.SHOP)
    if sticker is not None:
        stream.sticker_status = sticker
    flag = make_flag(session, stream=stream, scan=make_scan(session, stream=stream))
    take_down(session, actor=decider, stream_id=stream.id, reason=TakedownReason.FOOT_TRAFFIC,
                      source=TakedownSource.SCAN_FLAG, note="shop door", flag_id=flag.id)
    session.flush()
    notice = session.scalars(select(OwnerNotice).where(OwnerNotice.stream_id == stream.id)).one()
    return stream, notice, decider


def _csv(*rows):
    return "external_id,notice_id,text,received_at\n" + "".join(",".join(row) + "\n" for row in rows)


def _take_in(session, settings, text, source="appeals.csv"):
    return intake_appeals(session, actor=SYSTEM, text=text, fmt="csv", source=source, settings=settings)


def _appeal(session, settings, notice, external_id=None):
    external_id = external_id or f"ap-{notice.id}"
    summary = _take_in(session, settings, _csv((external_id, notice.public_id, "please look again",
                                                utcnow().isoformat())))
    assert summary.created == 1, summary.rejected
    return session.scalars(select(Appeal).where(Appeal.external_id == external_id)).one()


def test_intake_keeps_good_appeals_once_and_sets_bad_ones_aside_with_reasons(session, settings):
    _, notice, _ = _scan_takedown(session)
    _, late_notice, _ = _scan_takedown(session)
    _, long_notice, _ = _scan_takedown(session)
    late_notice.appeal_until = utcnow() - timedelta(days=1)
    now = utcnow().isoformat()
    text = _csv(("a-1", notice.public_id, "not a street", now),
                ("a-2", notice.public_id, "again", now),
                ("a-3", "no-such-notice", "x", now),
                ("a-4", late_notice.public_id, "late", now),
                ("a-5", notice.public_id, "bell\x07", now),
                ("a-6", long_notice.public_id, "y" * (settings.appeal_max_chars + 1), now))
    summary = _take_in(session, settings, text)
    reasons = dict(summary.rejected)
    assert summary.created == 1 and set(reasons) == {3, 4, 5, 6, 7}
    assert "already has an appeal (a-1)" in reasons[3] and "unknown notice" in reasons[4]
    assert "window to appeal ended" in reasons[5] and "control character" in reasons[6]
    assert "characters; at most" in reasons[7]
    again = _take_in(session, settings, _csv(("a-1", notice.public_id, "not a street", now)))
    assert (again.created, again.skipped_existing, again.rejected) == (0, 1, [])
    kept = session.scalars(select(IntakeRejection).where(IntakeRejection.source == "appeals.csv")).all()
    assert len(kept) >= 5 and any("bell" in r.raw for r in kept)
    appeal = session.scalars(select(Appeal).where(Appeal.external_id == "a-1")).one()
    assert appeal.sla_due_at - appeal.received_at == timedelta(hours=settings.appeal_sla_hours)


def test_an_appeals_outcome_cannot_itself_be_appealed(session, settings):
    _, notice, _ = _scan_takedown(session)
    appeal = _appeal(session, settings, notice)
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    claim_appeal(session, actor=lead, appeal_id=appeal.id, settings=settings)
    decide_appeal(session, actor=lead, appeal_id=appeal.id, outcome=AppealStatus.UPHELD, note="street seen")
    session.flush()
    outcome = session.scalars(select(OwnerNotice).where(OwnerNotice.appeal_id == appeal.id)).one()
    summary = _take_in(session, settings, _csv(("b-1", outcome.public_id, "again", utcnow().isoformat())))
    assert "cannot be appealed again" in dict(summary.rejected)[2]


def test_four_eyes_the_decider_can_neither_claim_nor_decide_the_appeal(session, settings):
    _, notice, decider = _scan_takedown(session)
    appeal = _appeal(session, settings, notice)
    with pytest.raises(PermissionDenied, match="another lead"):
        claim_appeal(session, actor=decider, appeal_id=appeal.id, settings=settings)
    mine = claim_next_appeal(session, actor=decider, settings=settings, now=utcnow() + timedelta(days=3650))
    assert mine is None or mine.id != appeal.id
    other = make_user(session, role=Role.COMPLIANCE_LEAD)
    claim_appeal(session, actor=other, appeal_id=appeal.id, settings=settings)
    with pytest.raises(Conflict, match="Claim appeal"):
        decide_appeal(session, actor=decider, appeal_id=appeal.id, outcome=AppealStatus.OVERTURNED, note="x")
    reviewer = make_user(session, role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        claim_appeal(session, actor=reviewer, appeal_id=appeal.id, settings=settings)


def test_the_manager_who_confirmed_the_shutdown_cannot_decide_its_appeal(session, settings):
    from dashboard.services.wind_down import shutdown

    first, second = make_user(session, role=Role.MANAGER), make_user(session, role=Role.MANAGER)
    stream = make_stream(session, place_type=PlaceType.HOME)
    request = shutdown.request_shutdown(session, actor=first, override_reason="drill")
    shutdown.confirm_shutdown(session, actor=second, request_id=request.id)
    notice = session.scalars(select(OwnerNotice).where(OwnerNotice.owner_id == stream.owner_id)).one()
    appeal = _appeal(session, settings, notice)
    second.role = Role.ADMIN  # even with every permission
    with pytest.raises(PermissionDenied):
        claim_appeal(session, actor=second, appeal_id=appeal.id, settings=settings)


@pytest.mark.parametrize(("category", "sticker", "state", "visibility"), [
    (Category.OTHER, None, StreamState.LIVE, Visibility.PUBLIC),
    (Category.SHOP, StickerStatus.VERIFIED, StreamState.LIVE, Visibility.PUBLIC),
    (Category.SHOP, StickerStatus.REVOKED, StreamState.SUSPENDED, Visibility.PRIVATE_SHARED),  # never public
])
def test_an_overturn_restores_the_stream_within_the_sticker_rule_and_tells_the_owner(
        session, settings, category, sticker, state, visibility):
    stream, notice, _ = _scan_takedown(session, category=category, sticker=sticker)
    appeal = _appeal(session, settings, notice)
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    claim_appeal(session, actor=lead, appeal_id=appeal.id, settings=settings)
    decide_appeal(session, actor=lead, appeal_id=appeal.id, outcome=AppealStatus.OVERTURNED,
                          note="a shop interior, nobody passing")
    session.flush()
    assert (stream.state, stream.visibility) == (state, visibility)
    told = session.scalars(select(OwnerNotice).where(OwnerNotice.stream_id == stream.id)
                           .order_by(OwnerNotice.id)).all()
    assert [n.kind for n in told] == [NoticeKind.TAKE_DOWN, NoticeKind.APPEAL_OVERTURNED]
    assert told[1].appeal_until is None and told[1].source == NoticeSource.SCAN_FLAG


def test_overturn_rates_by_source_and_the_scans_false_positives(session, settings):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    decided = []
    for outcome in (AppealStatus.OVERTURNED, AppealStatus.UPHELD, AppealStatus.OVERTURNED):
        _, notice, _ = _scan_takedown(session)
        appeal = _appeal(session, settings, notice)
        claim_appeal(session, actor=lead, appeal_id=appeal.id, settings=settings)
        decide_appeal(session, actor=lead, appeal_id=appeal.id, outcome=outcome, note="looked")
        decided.append(appeal.external_id)
    session.flush()
    rates = overturn_rates(session)
    mine = rates[(rates["source"] == "scan_flag") & (rates["detail"] == "ssdlite")].iloc[0]
    assert mine["decided"] >= 3 and mine["overturned"] >= 2 and 0 < mine["overturn_rate"] < 1
    wrong = overturned_scan_flags(session)
    assert {decided[0], decided[2]} <= set(wrong["appeal"]) and decided[1] not in set(wrong["appeal"])
    assert (wrong[wrong["appeal"] == decided[0]]["people_peak"] == 6).all()
    figures = appeal_figures(session)
    assert figures.decided >= 3 and figures.within_sla >= 3 and figures.overturn_rate is not None
