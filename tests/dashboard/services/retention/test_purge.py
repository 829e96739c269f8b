"""Retention purge with a frozen clock: what expires is deleted (files and rows), what is held or open is kept."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import func, select

from dashboard.clock import utcnow
from dashboard.db.models import AuditEvent, IntakeRejection, LoginSession, Observation, Scan, User
from dashboard.enums import AuditAction, FlagStatus, Role
from dashboard.errors import PermissionDenied
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.retention.expiry import purge, recent_purges
from dashboard.services.retention.holds import place_hold, release_hold
from dashboard.services.streams.moderation import restore
from tests.factories import make_evidence, make_flag, make_report, make_scan, make_stream, make_takedown, make_user

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def _at(days: float) -> time_machine.travel:
    return time_machine.travel(T0 + timedelta(days=days), tick=False)


@pytest.fixture
def scanned(session, settings):
    """A stream scanned at T0 with two evidence frames on disk."""
    with _at(0):
        stream = make_stream(session)
        scan = make_scan(session, stream=stream)
        paths = make_evidence(session, scan=scan, data_dir=settings.data_dir)
    return stream, scan, paths


def _kept(session, scan) -> int:
    return session.scalar(select(func.count()).select_from(Observation).where(
        Observation.scan_id == scan.id, Observation.evidence_path.is_not(None)))


def test_evidence_of_a_scan_without_flag_goes_after_the_retention_period(session, settings, scanned):
    _, scan, paths = scanned
    with _at(settings.evidence_retention_days - 1):
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 0
    assert all(p.exists() for p in paths) and _kept(session, scan) == 2
    with _at(settings.evidence_retention_days + 1):
        summary = purge(session, actor=SYSTEM, settings=settings)
    assert (summary.evidence_frames, summary.scans, summary.failed_files) == (2, 1, 0)
    assert not any(p.exists() for p in paths) and _kept(session, scan) == 0
    assert session.scalar(select(func.count()).select_from(Observation).where(Observation.scan_id == scan.id)) == 2


def test_an_open_flag_keeps_evidence_and_closing_it_starts_the_clock(session, settings, scanned):
    stream, scan, paths = scanned
    with _at(0):
        flag = make_flag(session, stream=stream, scan=scan)
    with _at(200):
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 0
        flag.status, flag.resolved_at = FlagStatus.DISMISSED, utcnow()
    with _at(200 + settings.evidence_retention_days - 1):
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 0
    with _at(200 + settings.evidence_retention_days + 1):
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 2
    assert not any(p.exists() for p in paths)


def test_a_standing_takedown_keeps_evidence_for_the_appeal_window(session, settings, scanned):
    stream, scan, _ = scanned
    with _at(0):
        make_takedown(session, stream=stream)
    with _at(settings.takedown_evidence_retention_days - 1):
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 0
    with _at(settings.takedown_evidence_retention_days + 1):
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 2


def test_a_restored_stream_keeps_no_appeal_window(session, settings, scanned):
    stream, scan, _ = scanned
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    with _at(0):
        takedown = make_takedown(session, stream=stream)
        restore(session, actor=lead, takedown_id=takedown.id, reason="appeal upheld")
    with _at(settings.evidence_retention_days + 1):
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 2


@pytest.mark.parametrize("on", ["stream", "report"])
def test_a_legal_hold_keeps_evidence_until_released(session, settings, scanned, on):
    stream, scan, paths = scanned
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    target = {"stream_id": stream.id} if on == "stream" else {"report_id": make_report(session, stream=stream).id}
    with _at(1):
        hold = place_hold(session, actor=lead, reason="police request 2026-041", **target)
    with _at(400):
        summary = purge(session, actor=SYSTEM, settings=settings)
        assert (summary.evidence_frames, summary.held_streams) == (0, 1)
        assert all(p.exists() for p in paths)
        release_hold(session, actor=lead, hold_id=hold.id, reason="case closed")
        assert purge(session, actor=SYSTEM, settings=settings).evidence_frames == 2


def test_a_file_that_cannot_be_deleted_keeps_its_row_and_is_counted(session, settings, scanned):
    _, scan, paths = scanned
    paths[0].unlink()
    paths[0].mkdir()  # a directory where the frame was: unlink fails with a real OSError
    with _at(settings.evidence_retention_days + 1):
        summary = purge(session, actor=SYSTEM, settings=settings)
    assert (summary.evidence_frames, summary.failed_files) == (1, 1)
    assert _kept(session, scan) == 1 and not paths[1].exists()


def test_rejected_intake_lines_and_old_sessions_go(session, settings):
    user = make_user(session)
    with _at(0):
        session.add_all([IntakeRejection(source="inbox/a.jsonl", line_no=1, raw="{bad", reason="not JSON"),
                         LoginSession(token_hash="a" * 64, user_id=user.id, expires_at=T0 + timedelta(hours=12))])
        session.flush()
    with _at(settings.rejected_intake_retention_days - 1):
        session.add(LoginSession(token_hash="b" * 64, user_id=user.id, expires_at=utcnow() + timedelta(hours=12)))
        summary = purge(session, actor=SYSTEM, settings=settings)
    assert (summary.intake_rejections, summary.login_sessions) == (0, 1)  # expired 28.5 days ago: gone
    with _at(settings.rejected_intake_retention_days + 1):
        summary = purge(session, actor=SYSTEM, settings=settings)
    assert (summary.intake_rejections, summary.login_sessions) == (1, 0)  # the newer session expired 2 days ago
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 1


def test_every_run_is_audited_with_its_counts(session, settings, scanned):
    with _at(settings.evidence_retention_days + 1):
        purge(session, actor=SYSTEM, settings=settings)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == AuditAction.RETENTION_PURGE.value))
    assert event.actor_name == "system" and event.after["evidence_frames"] == 2
    (run,) = recent_purges(session)
    assert run.counts["scans"] == 1 and run.at == T0 + timedelta(days=settings.evidence_retention_days + 1)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.COMPLIANCE_LEAD, Role.MANAGER])
def test_only_an_admin_or_the_system_purges(session, settings, role):
    with pytest.raises(PermissionDenied):
        purge(session, actor=make_user(session, role=role), settings=settings)
    purge(session, actor=make_user(session, role=Role.ADMIN), settings=settings)


def test_a_hold_placed_while_a_purge_runs_saves_what_was_not_yet_deleted(isolated_engine, settings, monkeypatch):
    """The purge has read its list of expired frames; a lead then places a hold on the second stream from another
    connection. Before, the purge worked from the holds it read at its start and deleted the held frames."""
    from dashboard.db.session import unit_of_work
    from dashboard.services.retention import expiry

    with _at(0), unit_of_work(isolated_engine) as session:
        lead_id = make_user(session, role=Role.COMPLIANCE_LEAD).id
        streams = [make_stream(session) for _ in range(2)]
        files = [make_evidence(session, scan=make_scan(session, stream=s), data_dir=settings.data_dir) for s in streams]
        held_id = streams[1].id
    listed = expiry._expired_evidence

    def listed_then_held(session, **options):
        found = listed(session, **options)
        assert set(found) == {s.id for s in streams}  # both were due when the purge looked

        def place() -> None:
            with unit_of_work(isolated_engine) as other:
                lead = other.get_one(User, lead_id)
                place_hold(other, actor=lead, stream_id=held_id, reason="court order 2026-77, received mid-purge")

        thread = threading.Thread(target=place)
        thread.start()
        thread.join(timeout=30)
        return found

    monkeypatch.setattr(expiry, "_expired_evidence", listed_then_held)
    with _at(400), unit_of_work(isolated_engine) as session:
        summary = purge(session, actor=SYSTEM, settings=settings)
    assert not any(p.exists() for p in files[0]) and all(p.exists() for p in files[1])
    assert (summary.evidence_frames, summary.scans, summary.held_streams) == (2, 1, 1)
    with unit_of_work(isolated_engine) as session:
        kept = session.scalar(select(func.count()).select_from(Observation).join(Scan).where(
            Scan.stream_id == held_id, Observation.evidence_path.is_not(None)))
    assert kept == 2
