"""Scan service: real pipeline over real clips, stored results, flags, suspension, failures."""
from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.config import load_settings
from dashboard.enums import Category, FlagKind, FlagStatus, PlaceType, Role, ScanStatus, StreamState, Visibility
from dashboard.db.models import AuditEvent, Flag, Observation, Scan, Stream, Takedown
from dashboard.db.session import unit_of_work
from dashboard.errors import Conflict, PermissionDenied, ScanFailed
from dashboard.clock import utcnow
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.scanning import flags, runs, scans
from dashboard.services.evidence import frames
from tests.factories import make_stream, make_user

MEDIA = Path(__file__).resolve().parents[4] / "data" / "media"


@pytest.fixture
def offline_settings(tmp_path):
    """Settings whose YOLO weights are missing: `auto` falls back to the offline SSDLite person detector."""
    return load_settings(demo_mode=True, data_dir=tmp_path / "data", yolo_weights=str(tmp_path / "no-weights.pt"),
                         local_source_dirs=[MEDIA, tmp_path])


def _setup(engine, **stream):
    with unit_of_work(engine) as session:
        reviewer = make_user(session, role=Role.REVIEWER)
        target = make_stream(session, **stream)
        return reviewer.id, target.id


def _uow(engine):
    return lambda: unit_of_work(engine)


def test_foot_traffic_scan_stores_evidence_flags_and_suspends(engine, offline_settings):
    reviewer_id, stream_id = _setup(engine, source_uri=str(MEDIA / "davis_breakdance.mp4"))
    scan_id = runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        scan = session.get(Scan, scan_id)
        assert scan.status == ScanStatus.DONE and scan.verdict.value == "public_foot_traffic" and not scan.degraded
        assert scan.detectors["persons"].startswith("ssdlite (offline: yolo: ")
        assert "CONSOLE_YOLO_WEIGHTS" in scan.detectors["persons"]
        assert session.scalar(select(func.count()).where(Observation.scan_id == scan_id)) == scan.frames_sampled == 7
        evidence = frames.evidence_paths(session, scan_id=scan_id, data_dir=offline_settings.data_dir)
        assert len(evidence) == 3 and all(p.is_relative_to(offline_settings.evidence_dir) for p in evidence)
        [flag] = session.scalars(select(Flag).where(Flag.stream_id == stream_id)).all()
        assert flag.kind == FlagKind.FOOT_TRAFFIC and flag.details["people_peak"] >= 4
        assert session.get(Stream, stream_id).state == StreamState.SUSPENDED
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == str(stream_id))).all()
        assert "stream.suspend" in actions and "scan.record" in actions
    runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:  # a second scan refreshes the open flag, it does not duplicate it
        assert session.scalar(select(func.count()).where(Flag.stream_id == stream_id)) == 1


def test_a_photo_of_a_group_is_a_crowd_in_frame_for_review_not_clear(engine, offline_settings):
    reviewer_id, stream_id = _setup(engine, source_uri=str(MEDIA / "dlib_voc_2008_002470.jpg"))
    scan_id = runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        scan = session.get(Scan, scan_id)
        assert scan.verdict.value == "crowd_in_frame" and scan.people_peak >= 4 and scan.frames_sampled == 1
        [flag] = session.scalars(select(Flag).where(Flag.stream_id == stream_id)).all()
        assert flag.kind == FlagKind.CROWD_IN_FRAME
        assert any(r["code"] == "crowd_in_frame" and r["values"]["span"] is None for r in flag.details["reasons"])
        assert session.get(Stream, stream_id).state == StreamState.LIVE  # no rate: a reviewer decides


@pytest.mark.parametrize("source", ["davis_breakdance.mp4", "dlib_voc_2007_007763.jpg"])
def test_people_on_a_home_stream_are_a_privacy_flag_not_foot_traffic(engine, offline_settings, source):
    """A family at home (or a party) on a public home camera: a privacy matter for a reviewer; the stream is not
    suspended as foot traffic and no foot-traffic or crowd flag is raised."""
    reviewer_id, stream_id = _setup(engine, source_uri=str(MEDIA / source), category=Category.PET,
                                    place_type=PlaceType.HOME)
    scan_id = runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        assert session.get(Scan, scan_id).verdict.value in ("public_foot_traffic", "crowd_in_frame")
        kinds = session.scalars(select(Flag.kind).where(Flag.stream_id == stream_id)).all()
        assert kinds == [FlagKind.FACES_IN_PRIVATE]
        assert session.get(Stream, stream_id).state == StreamState.LIVE


def test_clear_scan_raises_nothing(engine, offline_settings):
    reviewer_id, stream_id = _setup(engine, category=Category.PET, place_type=PlaceType.HOME,
                                    source_uri=str(MEDIA / "davis_libby.mp4"))
    scan_id = runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        assert session.get(Scan, scan_id).verdict.value == "clear"
        assert session.scalar(select(func.count()).where(Flag.stream_id == stream_id)) == 0
        assert session.get(Stream, stream_id).state == StreamState.LIVE


def test_missing_source_is_recorded_as_failed_and_reported(engine, offline_settings, tmp_path):
    reviewer_id, stream_id = _setup(engine, source_uri=str(tmp_path / "gone.mp4"))
    with pytest.raises(ScanFailed, match="not found"):
        runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        [scan] = session.scalars(select(Scan).where(Scan.stream_id == stream_id)).all()
        assert scan.status == ScanStatus.FAILED and "gone.mp4: file or folder not found" in scan.error
        assert session.get(Stream, stream_id).state == StreamState.LIVE


def test_faces_on_a_private_campus_stream_raise_a_privacy_flag(engine, offline_settings, tmp_path):
    folder = tmp_path / "snapshots"
    folder.mkdir()
    shutil.copy(MEDIA / "dlib_voc_2008_001009.jpg", folder / "0001.jpg")
    reviewer_id, stream_id = _setup(engine, category=Category.CAMPUS, place_type=PlaceType.CLASSROOM,
                                    visibility=Visibility.PRIVATE_SHARED, source_uri=str(folder))
    runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        kinds = session.scalars(select(Flag.kind).where(Flag.stream_id == stream_id)).all()
        assert kinds == [FlagKind.FACES_IN_PRIVATE]


def test_manager_may_not_scan(session):
    manager = make_user(session, role=Role.MANAGER)
    stream = make_stream(session, source_uri="/x.mp4")
    with pytest.raises(PermissionDenied):
        runs.start_scan(session, actor=manager, stream_id=stream.id)


def test_confirm_takes_down_and_second_reviewer_is_refused(session):
    first, second = make_user(session, role=Role.REVIEWER), make_user(session, role=Role.REVIEWER)
    stream = make_stream(session, state=StreamState.SUSPENDED)
    flag = Flag(stream_id=stream.id, kind=FlagKind.FOOT_TRAFFIC, status=FlagStatus.OPEN, details={})
    session.add(flag)
    session.flush()
    flags.confirm_flag(session, actor=first, flag_id=flag.id, reason="busy shop floor")
    takedown = session.scalar(select(Takedown).where(Takedown.flag_id == flag.id))
    assert takedown.source.value == "scan_flag" and stream.state == StreamState.TAKEN_DOWN
    with pytest.raises(Conflict, match=f"already confirmed by {first.username}"):
        flags.dismiss_flag(session, actor=second, flag_id=flag.id, reason="looks fine")


def test_dismiss_returns_a_suspended_stream_to_live(session):
    reviewer = make_user(session, role=Role.REVIEWER)
    stream = make_stream(session, state=StreamState.SUSPENDED)
    flag = Flag(stream_id=stream.id, kind=FlagKind.FOOT_TRAFFIC, status=FlagStatus.OPEN, details={})
    session.add(flag)
    session.flush()
    flags.dismiss_flag(session, actor=reviewer, flag_id=flag.id, reason="owner's own family")
    assert stream.state == StreamState.LIVE and flag.status == FlagStatus.DISMISSED


def test_due_streams_and_interrupted_scans(session, offline_settings):
    never = make_stream(session, source_uri="/a.mp4")
    recent = make_stream(session, source_uri="/b.mp4")
    recent.last_scanned_at = utcnow()
    make_stream(session)  # no source: never due
    due = scans.due_streams(session, settings=offline_settings, limit=10_000)
    assert never.id in due and recent.id not in due
    stale = Scan(stream_id=never.id, started_at=utcnow() - timedelta(hours=2), status=ScanStatus.RUNNING)
    session.add(stale)
    session.flush()
    assert runs.fail_interrupted(session) >= 1
    session.refresh(stale)
    assert stale.status == ScanStatus.FAILED


@pytest.mark.parametrize(("unscanned_only", "expected"), [(False, {"never", "scanned"}), (True, {"never"})])
def test_scannable_streams_can_leave_out_those_scanned_before(session, unscanned_only, expected):
    streams = {"never": make_stream(session, source_uri="/a.mp4"), "scanned": make_stream(session, source_uri="/b.mp4"),
               "no source": make_stream(session), "down": make_stream(session, source_uri="/c.mp4",
                                                                      state=StreamState.TAKEN_DOWN)}
    streams["scanned"].last_scanned_at = utcnow() - timedelta(days=3)
    session.flush()
    found = set(scans.scannable_streams(session, limit=10_000, unscanned_only=unscanned_only))
    assert {name for name, stream in streams.items() if stream.id in found} == expected


def test_revealing_evidence_is_logged(session):
    reviewer = make_user(session, role=Role.REVIEWER)
    scan = Scan(stream_id=make_stream(session).id)
    session.add(scan)
    session.flush()
    frames.reveal_evidence(session, actor=reviewer, scan_id=scan.id, context="report 42")
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.reveal",
                                                    AuditEvent.entity_id == str(scan.id)))
    assert event.actor_name == reviewer.username and event.reason == "report 42"


@pytest.mark.parametrize("fault", ["disk full", "folder blocked"])
def test_evidence_that_cannot_be_written_fails_the_scan_cleanly(engine, offline_settings, monkeypatch, fault):
    from pathlib import Path as RealPath

    reviewer_id, stream_id = _setup(engine, source_uri=str(MEDIA / "davis_breakdance.mp4"))
    if fault == "disk full":
        def full(self, data):
            RealPath.write_text(self, "partial")  # a first byte lands, then the disk is full
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(RealPath, "write_bytes", full)
    else:
        offline_settings.evidence_dir.parent.mkdir(parents=True, exist_ok=True)
        offline_settings.evidence_dir.write_text("a file where the evidence folder should be")
    with pytest.raises(ScanFailed, match="evidence could not be written"):
        runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        scan = session.scalars(select(Scan).where(Scan.stream_id == stream_id)).one()
        assert scan.status == ScanStatus.FAILED and "evidence could not be written" in scan.error
        assert session.scalar(select(func.count()).where(Observation.scan_id == scan.id)) == 0
        assert session.get(Stream, stream_id).state == StreamState.LIVE  # not suspended on a scan not recorded
    evidence = offline_settings.evidence_dir
    assert not evidence.is_dir() or not any(evidence.rglob("*.jpg"))


@pytest.mark.parametrize("uri", ["http://169.254.169.254/latest/meta-data/", "/etc/ssh"])
def test_a_forbidden_source_is_a_failed_scan_and_nothing_is_fetched(engine, offline_settings, uri):
    reviewer_id, stream_id = _setup(engine, source_uri=uri)
    with pytest.raises(ScanFailed, match="link-local|outside the folders"):
        runs.scan_stream(_uow(engine), actor_id=reviewer_id, stream_id=stream_id, settings=offline_settings)
    with unit_of_work(engine) as session:
        scan = session.scalars(select(Scan).where(Scan.stream_id == stream_id)).one()
        assert scan.status == ScanStatus.FAILED and scan.frames_sampled == 0


def test_two_workers_starting_one_stream_at_once_get_one_lease(isolated_engine):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    with unit_of_work(isolated_engine) as session:
        stream_id = make_stream(session, source_uri=str(MEDIA / "davis_cows.mp4")).id
    start = threading.Barrier(2)

    def worker(_: int):
        start.wait()
        try:
            with unit_of_work(isolated_engine) as session:
                return runs.start_scan(session, actor=SYSTEM, stream_id=stream_id).id
        except Conflict as error:
            return str(error)

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(worker, range(2)))
    assert sum(isinstance(o, int) for o in outcomes) == 1, outcomes
    assert any(isinstance(o, str) and "another worker" in o for o in outcomes)


def test_a_running_scan_past_its_lease_is_failed_and_the_stream_scanned_again(session):
    stream = make_stream(session, source_uri=str(MEDIA / "davis_cows.mp4"))
    fresh = runs.start_scan(session, actor=SYSTEM, stream_id=stream.id)
    with pytest.raises(Conflict, match="another worker"):
        runs.start_scan(session, actor=SYSTEM, stream_id=stream.id)
    fresh.started_at = utcnow() - timedelta(minutes=11)  # its process was killed 11 minutes ago
    session.flush()
    again = runs.start_scan(session, actor=SYSTEM, stream_id=stream.id, lease=timedelta(minutes=10))
    session.refresh(fresh)
    assert fresh.status == ScanStatus.FAILED and again.status == ScanStatus.RUNNING
