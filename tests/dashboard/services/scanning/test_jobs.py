"""Scan jobs: enqueued once per stream and window, one attempt at a time, a result recorded once, failures retried
then dead with their reason (the distributed worker's rules, without the broker)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from dashboard.clock import utcnow
from dashboard.config import load_settings
from dashboard.db.models import AuditEvent, Flag, ScanJob, Scan
from dashboard.db.session import unit_of_work
from dashboard.enums import JobStatus, ScanStatus
from dashboard.errors import Conflict
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.scanning import job_status, jobs
from dashboard.services.scanning.job_runner import end_failed, run_job
from tests.factories import make_stream

MEDIA = Path(__file__).resolve().parents[4] / "data" / "media"
LEASE = timedelta(seconds=60)


@pytest.fixture
def settings(tmp_path):
    return load_settings(demo_mode=True, data_dir=tmp_path / "data", yolo_weights=str(tmp_path / "no-weights.pt"),
                         local_source_dirs=[MEDIA, tmp_path], scan_max_frames=3, scan_retries=2,
                         job_lease_seconds=60)


def _uow(engine):
    return lambda: unit_of_work(engine)


def _streams(engine, count, source=str(MEDIA / "davis_cows.mp4")):
    with unit_of_work(engine) as session:
        return [make_stream(session, source_uri=source).id for _ in range(count)]


def _count(engine, model, *where):
    with unit_of_work(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize(("moment", "start"), [
    (datetime(2026, 11, 30, 10, 59, 59, tzinfo=timezone.utc), datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)),
    (datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc), datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc)),
])
def test_a_window_is_the_scan_interval_a_moment_falls_in(moment, start):
    assert jobs.window_start(moment, minutes=60) == start


def test_a_due_stream_is_enqueued_once_however_many_schedulers_ask(isolated_engine, settings):
    ids = _streams(isolated_engine, 5)
    with unit_of_work(isolated_engine) as session:
        first = jobs.enqueue_due(session, settings=settings)
    with unit_of_work(isolated_engine) as session:
        again = jobs.enqueue_due(session, settings=settings)  # a second scheduler, or the next round
    assert len(first) == 5 and again == []
    with unit_of_work(isolated_engine) as session:
        assert sorted(session.scalars(select(ScanJob.stream_id))) == sorted(ids)
        assert [j for j, _ in jobs.to_publish(session, settings=settings)] == first


def test_one_scheduler_leads_until_its_lease_runs_out(isolated_engine):
    now = utcnow()
    with unit_of_work(isolated_engine) as session:
        assert jobs.hold_lease(session, name="s", holder="a", ttl=timedelta(seconds=30), now=now)
    with unit_of_work(isolated_engine) as session:
        assert not jobs.hold_lease(session, name="s", holder="b", ttl=timedelta(seconds=30), now=now)
        assert jobs.hold_lease(session, name="s", holder="a", ttl=timedelta(seconds=30), now=now)  # renewed
    with unit_of_work(isolated_engine) as session:
        assert jobs.hold_lease(session, name="s", holder="b", ttl=timedelta(seconds=30),
                               now=now + timedelta(seconds=31))  # a leader that stopped renewing is replaced


def test_a_job_runs_once_and_a_redelivered_message_records_nothing_more(isolated_engine, settings):
    [stream_id] = _streams(isolated_engine, 1, str(MEDIA / "davis_breakdance.mp4"))
    with unit_of_work(isolated_engine) as session:
        [job_id] = jobs.enqueue_due(session, settings=settings)
    first = run_job(_uow(isolated_engine), job_id=job_id, settings=settings, worker="w1")
    again = run_job(_uow(isolated_engine), job_id=job_id, settings=settings, worker="w2")  # the same message again
    assert first.action == "done" and again.action == "skipped"
    assert _count(isolated_engine, Scan, Scan.stream_id == stream_id) == 1
    assert _count(isolated_engine, Flag, Flag.stream_id == stream_id) == 1
    assert _count(isolated_engine, AuditEvent, AuditEvent.action == "stream.suspend") == 1
    with unit_of_work(isolated_engine) as session:
        job = session.get(ScanJob, job_id)
        assert job.status == JobStatus.DONE and job.scan_id == first.scan_id and job.attempts == 1
        assert session.get(Scan, first.scan_id).job_id == job_id


def test_a_killed_attempt_is_taken_over_after_its_lease_and_completed_on_the_same_scan(isolated_engine, settings):
    [stream_id] = _streams(isolated_engine, 1)
    with unit_of_work(isolated_engine) as session:
        [job_id] = jobs.enqueue_due(session, settings=settings)
        claim = jobs.claim(session, job_id=job_id, worker="killed", lease=LEASE)
        session.add(Scan(stream_id=stream_id, job_id=job_id, status=ScanStatus.RUNNING, started_at=utcnow()))
    assert claim.action == "run"
    waiting = run_job(_uow(isolated_engine), job_id=job_id, settings=settings, worker="w2")
    assert waiting.action == "wait" and 50 < waiting.wait_seconds <= 60  # the holder may still be alive
    with unit_of_work(isolated_engine) as session:  # the killed worker never renews: its lease runs out
        session.execute(update(ScanJob).values(lease_until=utcnow() - timedelta(seconds=1)))
    done = run_job(_uow(isolated_engine), job_id=job_id, settings=settings, worker="w2")
    assert done.action == "done"
    assert _count(isolated_engine, Scan, Scan.stream_id == stream_id) == 1  # the killed attempt's row, finished
    with unit_of_work(isolated_engine) as session:
        assert session.get(ScanJob, job_id).attempts == 2
        assert not jobs.finish(session, job_id=job_id, token=claim.token, status=JobStatus.DONE)  # the old holder


def test_an_unreachable_source_is_retried_then_dead_with_its_reason(isolated_engine, settings, tmp_path):
    [stream_id] = _streams(isolated_engine, 1, str(tmp_path / "gone.mp4"))
    with unit_of_work(isolated_engine) as session:
        [job_id] = jobs.enqueue_due(session, settings=settings)
    backoffs = []
    for _ in range(settings.scan_retries + 1):
        result = run_job(_uow(isolated_engine), job_id=job_id, settings=settings, worker="w")
        assert result.action == "failed" and result.error
        backoffs.append(end_failed(_uow(isolated_engine), job_id=job_id, token=result.token, error=result.error,
                                   settings=settings))
    first = settings.scan_retry_backoff_seconds
    assert backoffs == [first, 2 * first, None]  # seconds to the next attempt (the backoff doubles), then dead
    assert run_job(_uow(isolated_engine), job_id=job_id, settings=settings, worker="w").action == "skipped"
    assert _count(isolated_engine, Scan, Scan.stream_id == stream_id) == 1
    with unit_of_work(isolated_engine) as session:
        dead = job_status.dead_jobs(session)
        assert list(dead["attempts"]) == [3] and "gone.mp4" in dead["reason"][0]
        assert job_status.figures(session, settings=settings).by_status == {"dead": 1}
        job_status.requeue_dead(session, actor=SYSTEM, job_id=job_id, reason="source fixed")
        with pytest.raises(Conflict):
            job_status.requeue_dead(session, actor=SYSTEM, job_id=job_id, reason="twice")
        assert session.get(ScanJob, job_id).status == JobStatus.QUEUED


def test_status_figures_count_jobs_and_name_the_oldest_due_stream(isolated_engine, settings):
    ids = _streams(isolated_engine, 2)
    with unit_of_work(isolated_engine) as session:
        figures = job_status.figures(session, settings=settings)
    assert figures.by_status == {} and figures.per_minute == 0 and figures.oldest_due_stream is not None
    with unit_of_work(isolated_engine) as session:
        job_id = jobs.enqueue_due(session, settings=settings)[0]
    run_job(_uow(isolated_engine), job_id=job_id, settings=settings, worker="w")
    with unit_of_work(isolated_engine) as session:
        figures = job_status.figures(session, settings=settings)
    assert figures.by_status == {"done": 1, "queued": 1} and figures.per_minute == 0.1 and len(ids) == 2


def test_jobs_whose_message_seems_lost_are_sent_again_and_fresh_ones_are_not(isolated_engine, settings):
    _streams(isolated_engine, 4)
    now = utcnow()
    long_ago = now - timedelta(seconds=settings.republish_after_seconds + 1)
    with unit_of_work(isolated_engine) as session:
        ids = jobs.enqueue_due(session, settings=settings, now=now)
        jobs.mark_published(session, job_ids=ids, now=long_ago)
        rows = [session.get(ScanJob, job_id) for job_id in ids]
        rows[0].status = JobStatus.FAILED  # its retry never came
        rows[0].finished_at = long_ago
        rows[1].status, rows[1].lease_until = JobStatus.RUNNING, long_ago  # its worker died, the redelivery lost
        rows[2].status, rows[2].lease_until = JobStatus.RUNNING, now + LEASE  # alive
        rows[3].status, rows[3].finished_at = JobStatus.DONE, long_ago
    with unit_of_work(isolated_engine) as session:
        assert [job_id for job_id, _ in jobs.to_publish(session, settings=settings, now=now)] == ids[:2]
        jobs.mark_published(session, job_ids=ids[:2], now=now)
    with unit_of_work(isolated_engine) as session:
        assert jobs.to_publish(session, settings=settings, now=now) == []  # just sent: not again at once
