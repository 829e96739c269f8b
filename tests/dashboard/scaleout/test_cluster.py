"""Distributed scanning end to end on PostgreSQL and RabbitMQ with real worker processes: every due stream scanned
exactly once, a SIGKILLed worker's job redelivered and completed once, a broker restart losing no job, and two
schedulers enqueueing each due stream once."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from itertools import cycle

import pytest
from kombu import Connection
from sqlalchemy import func, select

from dashboard.db.models import AuditEvent, Flag, Scan, ScanJob
from dashboard.enums import FlagStatus, JobStatus, ScanStatus
from dashboard.scaleout.app import make_app
from dashboard.scaleout.scheduler import tick
from tests.dashboard.scaleout.conftest import BROKER, MEDIA, ROOT, stop
from tests.factories import make_stream
from tests.live_streams import live_clip

CLIPS = ["davis_breakdance.mp4", "davis_parkour.mp4", "davis_libby.mp4", "davis_cows.mp4"]


def _streams(cluster, sources: list[str]) -> list[int]:
    with cluster.uow()() as session:
        return [make_stream(session, source_uri=source).id for source in sources]


def _schedule(cluster, holder: str = "test-scheduler") -> int:
    """One scheduler round in this process; returns the jobs it sent."""
    return tick(cluster.uow(), make_app(cluster.settings), settings=cluster.settings, holder=holder).sent


def _assert_each_scanned_once(cluster, stream_ids: list[int]) -> None:
    with cluster.uow()() as session:
        scans = dict(session.execute(select(Scan.stream_id, func.count()).group_by(Scan.stream_id)).all())
        done = dict(session.execute(select(Scan.stream_id, func.count()).where(Scan.status == ScanStatus.DONE)
                                    .group_by(Scan.stream_id)).all())
        jobs = dict(session.execute(select(ScanJob.stream_id, func.count()).group_by(ScanJob.stream_id)).all())
        records = session.scalar(select(func.count()).where(AuditEvent.action == "scan.record"))
        open_flags = session.execute(select(Flag.stream_id, Flag.kind, func.count()).where(
            Flag.status == FlagStatus.OPEN).group_by(Flag.stream_id, Flag.kind).having(func.count() > 1)).all()
    assert {s: scans.get(s) for s in stream_ids} == {s: 1 for s in stream_ids}
    assert {s: done.get(s) for s in stream_ids} == {s: 1 for s in stream_ids}
    assert {s: jobs.get(s) for s in stream_ids} == {s: 1 for s in stream_ids}
    assert records == len(stream_ids) and open_flags == []


def test_200_due_streams_are_each_scanned_exactly_once_by_two_workers(cluster):
    with live_clip(MEDIA / "davis_parkour.mp4") as street, live_clip(MEDIA / "davis_cows.mp4") as farm:
        files = [str(MEDIA / name) for name, _ in zip(cycle(CLIPS), range(196))]
        ids = _streams(cluster, files + [street, farm, street, farm])
        cluster.start_worker()
        cluster.start_worker()
        assert _schedule(cluster) == 200
        cluster.wait_done(200, timeout=900)
    assert cluster.jobs(ScanJob.status == JobStatus.DONE) == 200
    _assert_each_scanned_once(cluster, ids)


def _wait_running(cluster, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while cluster.jobs(ScanJob.status == JobStatus.RUNNING) == 0:
        assert time.monotonic() < deadline, "the job never started"
        time.sleep(0.5)


def test_a_worker_killed_mid_scan_has_its_job_redelivered_and_completed_once(cluster):
    slow = {"CONSOLE_SCAN_MAX_FRAMES": "30"}  # 15 s of the live stream: time to kill the worker mid-scan
    with live_clip(MEDIA / "davis_breakdance.mp4") as url:
        [stream_id] = _streams(cluster, [url])
        first = cluster.start_worker(**slow)
        assert _schedule(cluster) == 1
        _wait_running(cluster)
        time.sleep(3)
        stop(first, signal.SIGKILL)  # the Celery parent and its pool process, mid-scan, no goodbye
        cluster.start_worker(**slow)
        cluster.wait_done(1, timeout=240)
    with cluster.uow()() as session:
        job = session.scalar(select(ScanJob))
        assert job.status == JobStatus.DONE and job.attempts == 2
    _assert_each_scanned_once(cluster, [stream_id])


@pytest.mark.skipif(shutil.which("rabbitmqctl") is None, reason="needs rabbitmqctl to restart the broker")
def test_a_broker_restart_mid_run_loses_no_job(cluster):
    ids = _streams(cluster, [str(MEDIA / name) for name, _ in zip(cycle(CLIPS), range(30))])
    cluster.start_worker()
    cluster.start_worker()
    stopped = threading.Event()

    def scheduler() -> None:  # a scheduler keeps running through the restart, as in production
        while not stopped.is_set():
            try:
                _schedule(cluster)
            except Exception:  # noqa: BLE001  (the broker is down for a moment)
                pass
            stopped.wait(2)

    thread = threading.Thread(target=scheduler, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 300
        while cluster.jobs(ScanJob.status == JobStatus.DONE) < 3:
            assert time.monotonic() < deadline
            time.sleep(0.5)
        subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True, timeout=120)
        time.sleep(2)
        subprocess.run(["rabbitmqctl", "start_app"], check=True, capture_output=True, timeout=120)
        cluster.wait_done(30, timeout=600)
    finally:
        stopped.set()
        thread.join(timeout=30)
    assert cluster.jobs(ScanJob.status == JobStatus.DONE) == 30
    _assert_each_scanned_once(cluster, ids)


def test_two_schedulers_started_together_enqueue_each_due_stream_once(cluster):
    ids = _streams(cluster, [str(MEDIA / name) for name, _ in zip(cycle(CLIPS), range(200))])
    schedulers = [subprocess.Popen([sys.executable, "-m", "dashboard", "scan-scheduler", "--once"], env=cluster.env,
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                  for _ in range(2)]
    said = [s.communicate(timeout=180)[0] for s in schedulers]
    assert all(s.returncode == 0 for s in schedulers), said
    with cluster.uow()() as session:
        per_stream = dict(session.execute(select(ScanJob.stream_id, func.count()).group_by(ScanJob.stream_id)).all())
    assert per_stream == {s: 1 for s in ids}
    with Connection(BROKER) as connection:
        waiting = connection.channel().queue_declare(cluster.settings.scan_queue, passive=True).message_count
    assert waiting == 200  # each job sent once: the second scheduler did not lead
    assert sum("200 job(s) created, 200 sent" in text for text in said) == 1, said


def _pool_children(worker: subprocess.Popen) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def test_a_pool_process_killed_mid_scan_is_replaced_and_the_same_worker_goes_on(cluster):
    slow = {"CONSOLE_SCAN_MAX_FRAMES": "30"}  # 15 s of the live stream: time to kill the pool process mid-scan
    with live_clip(MEDIA / "davis_breakdance.mp4") as url:
        ids = _streams(cluster, [url])
        worker = cluster.start_worker(**slow)
        assert _schedule(cluster) == 1
        _wait_running(cluster)
        time.sleep(3)
        [child] = _pool_children(worker)
        os.kill(child, signal.SIGKILL)  # one pool process dies; its Celery parent lives on
        ids += _streams(cluster, [str(MEDIA / name) for name in CLIPS])
        assert _schedule(cluster) == 4
        cluster.wait_done(5, timeout=240)  # before the fix the job stayed running and the queue waited for good
    assert worker.poll() is None and _pool_children(worker) not in ([], [child])
    with cluster.uow()() as session:
        attempts = dict(session.execute(select(ScanJob.stream_id, ScanJob.attempts)).all())
    assert attempts[ids[0]] == 2 and all(attempts[s] == 1 for s in ids[1:])
    _assert_each_scanned_once(cluster, ids)
