"""Welfare audits, campus privacy and the five-step enablement state machine."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dashboard.clock import utcnow
from dashboard.enums import (
    Category, EnablementStatus, EnablementStep, OwnerKind, PlaceType, Role, StickerStatus, StreamState, Visibility,
    Verdict, WelfareCertification, WelfareDecision,
)
from dashboard.db.models import Takedown
from dashboard.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dashboard.services.compliance import campus
from dashboard.services.compliance import enablement
from dashboard.services.compliance import welfare
from tests.factories import make_owner, make_scan, make_stream, make_user


def _welfare(session, **kw):
    return make_stream(session, category=Category.POVERTY_ALLEVIATION, place_type=PlaceType.FARM, **kw)


def test_welfare_queue_oldest_first_and_decisions(session, settings):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    older, newer = _welfare(session), _welfare(session)
    older.created_at, newer.created_at = utcnow() - timedelta(days=900), utcnow() - timedelta(days=899)
    queue = [item.stream_id for item in welfare.due_queue(session, settings=settings)]
    assert queue.index(older.id) < queue.index(newer.id)
    make_scan(session, stream=older, verdict=Verdict.CLEAR)
    entry = welfare.decide(session, actor=lead, stream_id=older.id, decision=WelfareDecision.CERTIFY,
                           reason="real co-op, no passers-by", settings=settings)
    assert older.welfare_certification == WelfareCertification.CERTIFIED
    assert older.welfare_certified_until == entry.next_due_on == utcnow().date() + timedelta(days=180)
    assert older.id not in [i.stream_id for i in welfare.due_queue(session, settings=settings.model_copy(
        update={"welfare_spot_check_share": 0.0}))]
    welfare.decide(session, actor=lead, stream_id=newer.id, decision="revoke", reason="market street", settings=settings)
    assert newer.state == StreamState.TAKEN_DOWN and newer.welfare_certification == WelfareCertification.REVOKED
    assert session.scalar(select(Takedown.reason).where(Takedown.stream_id == newer.id)).value == "welfare_revoked"


@pytest.mark.parametrize(("verdict", "message"), [(None, "never been scanned"),
                                                  (Verdict.PUBLIC_FOOT_TRAFFIC, "shows public foot traffic")])
def test_certifying_needs_a_clean_scan(session, settings, verdict, message):
    lead, stream = make_user(session, role=Role.COMPLIANCE_LEAD), _welfare(session)
    if verdict is not None:
        make_scan(session, stream=stream, verdict=verdict)
    with pytest.raises(Conflict, match=message):
        welfare.decide(session, actor=lead, stream_id=stream.id, decision="certify", reason="looks fine",
                       settings=settings)
    assert stream.welfare_certification != WelfareCertification.CERTIFIED


def test_recategorise_leaves_the_welfare_programme(session, settings):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    stream = _welfare(session)
    with pytest.raises(InvalidInput):
        welfare.decide(session, actor=lead, stream_id=stream.id, decision="recategorise", reason="x", settings=settings)
    welfare.decide(session, actor=lead, stream_id=stream.id, decision="recategorise", reason="it sells snacks",
                   settings=settings, new_category=Category.SHOP)
    assert stream.category == Category.SHOP and stream.sticker_status == StickerStatus.MISSING
    assert stream.welfare_certification == WelfareCertification.NOT_APPLICABLE
    with pytest.raises(PermissionDenied):
        welfare.decide(session, actor=make_user(session, role=Role.REVIEWER), stream_id=_welfare(session).id,
                       decision="certify", reason="x", settings=settings)


def test_spot_checks_pick_roughly_the_share_and_are_stable():
    picked = [i for i in range(10_000) if welfare.spot_checked(i, share=0.05, week="2026-W47")]
    assert 400 < len(picked) < 600
    assert picked == [i for i in range(10_000) if welfare.spot_checked(i, share=0.05, week="2026-W47")]
    assert picked != [i for i in range(10_000) if welfare.spot_checked(i, share=0.05, week="2026-W48")]


def _school_stream(session, visibility=Visibility.PUBLIC):
    school = make_owner(session, kind=OwnerKind.SCHOOL)
    return make_stream(session, category=Category.CAMPUS, place_type=PlaceType.CLASSROOM, owner=school,
                       visibility=visibility), school


def test_campus_sweep_makes_every_public_campus_stream_private(session):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    public, _ = _school_stream(session)
    private, _ = _school_stream(session, Visibility.PRIVATE_SHARED)
    changed = campus.sweep_public(session, actor=lead)
    assert public.id in changed and private.id not in changed
    assert public.visibility == Visibility.PRIVATE_SHARED
    with pytest.raises(PermissionDenied):
        campus.sweep_public(session, actor=make_user(session, role=Role.REVIEWER))


def test_only_an_authorised_teacher_sets_the_password(session):
    lead, teacher = make_user(session, role=Role.COMPLIANCE_LEAD), make_user(session, role=Role.TEACHER)
    stream, school = _school_stream(session)
    other_stream, _ = _school_stream(session)
    with pytest.raises(PermissionDenied, match="not an authorised teacher"):
        campus.set_password(session, actor=teacher, stream_id=stream.id, password="class-3b-parents")
    campus.grant_teacher(session, actor=lead, user_id=teacher.id, school_owner_id=school.id)
    with pytest.raises(InvalidInput, match="at least 10"):
        campus.set_password(session, actor=teacher, stream_id=stream.id, password="short")
    share = campus.set_password(session, actor=teacher, stream_id=stream.id, password="class-3b-parents")
    assert share.password_hash.startswith("$argon2") and "class-3b" not in share.password_hash
    assert stream.visibility == Visibility.PRIVATE_SHARED
    with pytest.raises(PermissionDenied):
        campus.set_password(session, actor=teacher, stream_id=other_stream.id, password="class-3b-parents")
    with pytest.raises(PermissionDenied):  # not even an admin: the policy says only a teacher
        campus.set_password(session, actor=make_user(session, role=Role.ADMIN), stream_id=stream.id,
                            password="class-3b-parents")
    assert [s.id for s in campus.teacher_streams(session, actor=teacher)] == [stream.id]


def test_parent_password_lockout(session, settings):
    lead, teacher = make_user(session, role=Role.COMPLIANCE_LEAD), make_user(session, role=Role.TEACHER)
    stream, school = _school_stream(session)
    campus.grant_teacher(session, actor=lead, user_id=teacher.id, school_owner_id=school.id)
    campus.set_password(session, actor=teacher, stream_id=stream.id, password="class-3b-parents")
    now = utcnow()
    assert campus.check_parent_password(session, stream_id=stream.id, password="class-3b-parents",
                                        settings=settings, now=now).allowed
    for _ in range(settings.campus_max_failures):
        result = campus.check_parent_password(session, stream_id=stream.id, password="guess", settings=settings, now=now)
    assert not result.allowed and "locked" in result.text
    assert not campus.check_parent_password(session, stream_id=stream.id, password="class-3b-parents",
                                            settings=settings, now=now).allowed
    later = now + timedelta(minutes=settings.campus_lockout_minutes + 1)
    assert campus.check_parent_password(session, stream_id=stream.id, password="class-3b-parents",
                                        settings=settings, now=later).allowed
    with pytest.raises(NotFound):
        campus.check_parent_password(session, stream_id=make_stream(session).id, password="x", settings=settings)


def _off_stream(session, **kw):
    stream = make_stream(session, visibility=Visibility.OFF, **kw)
    stream.owner.real_name_verified = True
    return stream


def test_enablement_walks_five_steps_in_order(session):
    reviewer, lead = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.COMPLIANCE_LEAD)
    stream = _off_stream(session, category=Category.PET, place_type=PlaceType.HOME)
    request = enablement.start(session, actor=reviewer, stream_id=stream.id)
    for step in list(EnablementStep)[:4]:
        enablement.record_step(session, actor=reviewer, request_id=request.id, step=step, passed=True)
    with pytest.raises(PermissionDenied):
        enablement.record_step(session, actor=reviewer, request_id=request.id, step="background_review", passed=True)
    enablement.record_step(session, actor=lead, request_id=request.id, step="background_review", passed=True)
    assert request.status == EnablementStatus.APPROVED and stream.visibility == Visibility.PUBLIC
    assert [r.verified_by_id for r in request.steps] == [reviewer.id] * 4 + [lead.id]


@pytest.mark.parametrize("done", range(5))
def test_every_out_of_order_step_is_refused(session, done):
    reviewer, lead = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.COMPLIANCE_LEAD)
    stream = _off_stream(session, category=Category.PET, place_type=PlaceType.HOME)
    request = enablement.start(session, actor=reviewer, stream_id=stream.id)
    steps = list(EnablementStep)
    for step in steps[:done]:
        enablement.record_step(session, actor=lead, request_id=request.id, step=step, passed=True)
    for wrong in steps[:done] + steps[done + 1:]:
        with pytest.raises(Conflict):
            enablement.record_step(session, actor=lead, request_id=request.id, step=wrong, passed=True)


def test_category_requirement_and_failed_background_review(session):
    reviewer, lead = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.COMPLIANCE_LEAD)
    shop = _off_stream(session, category=Category.SHOP, place_type=PlaceType.SHOP)
    request = enablement.start(session, actor=reviewer, stream_id=shop.id)
    for step in list(EnablementStep)[:3]:
        enablement.record_step(session, actor=reviewer, request_id=request.id, step=step, passed=True)
    with pytest.raises(Conflict, match="verified, unrevoked consent sticker"):
        enablement.record_step(session, actor=reviewer, request_id=request.id, step="category_requirement", passed=True)
    shop.sticker_status = StickerStatus.VERIFIED
    enablement.record_step(session, actor=reviewer, request_id=request.id, step="category_requirement", passed=True)
    with pytest.raises(InvalidInput):
        enablement.record_step(session, actor=lead, request_id=request.id, step="background_review", passed=False)
    enablement.record_step(session, actor=lead, request_id=request.id, step="background_review", passed=False,
                           note="owner failed the background check")
    assert request.status == EnablementStatus.REJECTED and request.end_reason == "owner failed the background check"
    assert shop.visibility == Visibility.OFF
    with pytest.raises(Conflict, match="has ended"):
        enablement.record_step(session, actor=lead, request_id=request.id, step="background_review", passed=True)


def test_real_name_must_be_verified_and_only_off_streams_start(session):
    reviewer = make_user(session, role=Role.REVIEWER)
    stream = make_stream(session, visibility=Visibility.OFF)
    request = enablement.start(session, actor=reviewer, stream_id=stream.id)
    with pytest.raises(Conflict, match="real name is not verified"):
        enablement.record_step(session, actor=reviewer, request_id=request.id, step="real_name", passed=True)
    with pytest.raises(Conflict, match="already has an enablement request"):
        enablement.start(session, actor=reviewer, stream_id=stream.id)
    with pytest.raises(Conflict, match="only a stream whose broadcast is off"):
        enablement.start(session, actor=reviewer, stream_id=make_stream(session).id)
