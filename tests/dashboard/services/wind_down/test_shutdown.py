"""Readiness checklist, the shutdown gate with two-person confirmation, per-stream restore, and exports."""
from __future__ import annotations

import io
from datetime import timedelta

import cv2
import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from dashboard.clock import utcnow
from dashboard.enums import (
    Category, OwnerKind, PlaceType, Role, ShutdownStatus, StreamState, Visibility, WelfareCertification,
)
from dashboard.db.models import AuditEvent, CampusShare, Stream, Takedown, User
from dashboard.db.session import unit_of_work
from dashboard.errors import Conflict, PermissionDenied
from dashboard.services.wind_down import metrics, shutdown
from dashboard.services.streams.moderation import restore
from tests.factories import make_owner, make_stream, make_user


def _green_platform(session):
    """A pet stream, a private campus stream with a password, a certified welfare stream: all green."""
    make_stream(session, category=Category.PET, place_type=PlaceType.HOME)
    school = make_owner(session, kind=OwnerKind.SCHOOL)
    classroom = make_stream(session, category=Category.CAMPUS, place_type=PlaceType.CLASSROOM, owner=school,
                            visibility=Visibility.PRIVATE_SHARED)
    session.add(CampusShare(stream_id=classroom.id, password_hash="$argon2id$x", failed_attempts=0, successful_views=0))
    farm = make_stream(session, category=Category.ECOLOGICAL_AGRICULTURE, place_type=PlaceType.FARM)
    farm.welfare_certification = WelfareCertification.CERTIFIED
    farm.welfare_certified_until = utcnow().date() + timedelta(days=30)
    session.flush()
    return farm


def _red(items):
    return {item.key: item.count for item in items if not item.ok}


def test_checklist_turns_red_item_by_item(isolated_engine):
    with unit_of_work(isolated_engine) as session:
        farm = _green_platform(session)
        assert _red(shutdown.readiness(session)) == {}
        make_stream(session, category=Category.CAMPUS, place_type=PlaceType.CLASSROOM)
        make_stream(session, category=Category.SHOP, place_type=PlaceType.SHOP, visibility=Visibility.PRIVATE_SHARED)
        farm.welfare_certified_until = utcnow().date() - timedelta(days=1)
        session.flush()
        assert _red(shutdown.readiness(session)) == {"campus_public": 1, "sticker": 1, "welfare": 1}
        make_stream(session, category=Category.OTHER, place_type=PlaceType.SQUARE)
        assert _red(shutdown.readiness(session))["foot_traffic"] == 1


def test_shutdown_needs_green_or_override_and_a_second_manager(isolated_engine):
    with unit_of_work(isolated_engine) as session:
        first, second = make_user(session, role=Role.MANAGER), make_user(session, role=Role.MANAGER)
        reviewer = make_user(session, role=Role.REVIEWER)
        _green_platform(session)
        make_stream(session, category=Category.OTHER, place_type=PlaceType.SQUARE)  # red: foot traffic
        suspended = make_stream(session, category=Category.PET, place_type=PlaceType.HOME, state=StreamState.SUSPENDED)
        with pytest.raises(Conflict, match="not green"):
            shutdown.request_shutdown(session, actor=first)
        with pytest.raises(PermissionDenied):
            shutdown.request_shutdown(session, actor=reviewer, override_reason="x")
        request = shutdown.request_shutdown(session, actor=first, override_reason="board decision 21 Nov")
        with pytest.raises(Conflict, match="already waiting"):
            shutdown.request_shutdown(session, actor=second, override_reason="again")
        with pytest.raises(Conflict, match="second manager"):
            shutdown.confirm_shutdown(session, actor=first, request_id=request.id)
        live_before = session.scalar(select(func.count(Stream.id)).where(
            Stream.state.in_([StreamState.LIVE, StreamState.SUSPENDED])))
        shutdown.confirm_shutdown(session, actor=second, request_id=request.id)
        assert request.status == ShutdownStatus.EXECUTED and request.streams_shut_down == live_before
        assert session.scalar(select(func.count(Stream.id)).where(Stream.state != StreamState.SHUT_DOWN)) == 0
        assert session.scalar(select(func.count(Takedown.id)).where(Takedown.source == "shutdown")) == live_before
        assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "stream.shut_down")) \
            == live_before
        takedown = session.scalar(select(Takedown).where(Takedown.stream_id == suspended.id))
        assert takedown.previous_state == StreamState.SUSPENDED


def test_restore_after_shutdown_is_per_stream_and_audited(isolated_engine):
    with unit_of_work(isolated_engine) as session:
        first, second = make_user(session, role=Role.MANAGER), make_user(session, role=Role.ADMIN)
        _green_platform(session)
        request = shutdown.request_shutdown(session, actor=first)
        shutdown.confirm_shutdown(session, actor=second, request_id=request.id)
        pet = session.scalar(select(Stream).where(Stream.category == Category.PET))
        takedown = session.scalar(select(Takedown).where(Takedown.stream_id == pet.id))
        restore(session, actor=first, takedown_id=takedown.id, reason="kept as a demo for the press")
        assert pet.state == StreamState.LIVE and pet.visibility == Visibility.PUBLIC
        assert session.scalar(select(func.count(Stream.id)).where(Stream.state == StreamState.LIVE)) == 1
        assert session.scalar(select(AuditEvent.actor_name).where(AuditEvent.action == "stream.restore")) == first.username


def test_cancel_and_exports_are_valid_files(isolated_engine, monkeypatch):
    from dashboard.ui import charts

    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")  # the charts' words come in the configured language
    from dashboard.ui.readiness_report import build_pdf

    with unit_of_work(isolated_engine) as session:
        manager = make_user(session, role=Role.MANAGER)
        _green_platform(session)
        request = shutdown.request_shutdown(session, actor=manager)
        shutdown.cancel_shutdown(session, actor=manager, request_id=request.id, reason="not yet")
        assert shutdown.pending(session) is None
        items = shutdown.readiness(session)
        flt = metrics.Filters(since=utcnow() - timedelta(days=30), until=utcnow())
        burn = metrics.burn_down(session, flt=flt)
    assert pd.read_csv(io.StringIO(burn.to_csv(index=False))).shape == burn.shape
    png = charts.to_png(charts.burn_down_chart(burn))
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None and image.shape[0] > 100
    pdf = build_pdf(checklist=items, projection=metrics.project_zero(burn), charts=[png], generated_at=utcnow(),
                    generated_by=manager.username)
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1


def test_wind_down_view_runs_every_part_once(isolated_engine):
    from dashboard.services.wind_down.view import default_filters, load_view

    with unit_of_work(isolated_engine) as session:
        manager = make_user(session, role=Role.MANAGER)
        _green_platform(session)
        shutdown.request_shutdown(session, actor=manager)
        view = load_view(session, flt=default_filters())
    assert set(view.timings) == {"checklist", "takedowns", "burn_down", "welfare", "merchants", "open_reports",
                                 "desk", "sla", "pending", "notices"}
    assert view.pending.requested_by_id == manager.id and all(item.ok for item in view.checklist)
    assert view.burn_down.groupby("day")["public_live"].sum().iloc[-1] == 2  # the pet and the certified farm


def test_two_managers_confirming_at_once_make_one_shutdown(isolated_engine):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    with unit_of_work(isolated_engine) as session:
        requester = make_user(session, role=Role.MANAGER)
        confirmers = [make_user(session, role=Role.MANAGER).id, make_user(session, role=Role.ADMIN).id]
        for _ in range(5):
            make_stream(session, category=Category.PET, place_type=PlaceType.HOME)
        request_id = shutdown.request_shutdown(session, actor=requester, override_reason="board decision").id
    start = threading.Barrier(2)

    def confirm(user_id):
        with unit_of_work(isolated_engine) as session:
            actor = session.get(User, user_id)
            start.wait()
            try:
                return shutdown.confirm_shutdown(session, actor=actor, request_id=request_id).streams_shut_down
            except Conflict as error:
                return str(error)

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(confirm, confirmers))
    [done] = [o for o in outcomes if isinstance(o, int)]
    [refused] = [o for o in outcomes if isinstance(o, str)]
    assert done == 5 and ("a moment ago" in refused or "already executed" in refused)
    with unit_of_work(isolated_engine) as session:
        assert session.scalar(select(func.count(Takedown.id)).where(Takedown.source == "shutdown")) == 5
        assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "shutdown.execute")) == 1
