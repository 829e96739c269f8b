"""A scan cluster for tests: a fresh PostgreSQL database, a queue of its own on the real RabbitMQ, and real
`python -m dashboard scan-worker` processes."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kombu import Connection
from sqlalchemy import func, select

from dashboard.config import Settings, load_settings
from dashboard.db.models import ScanJob
from dashboard.db.session import make_engine, unit_of_work
from dashboard.enums import JobStatus

ROOT = Path(__file__).resolve().parents[3]
MEDIA = ROOT / "data" / "media"
BROKER = os.environ.get("CONSOLE_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _broker_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=2):
            return True
    except OSError:
        return False


@dataclass
class Cluster:
    """What a distributed-scanning test drives: settings, the database, the workers it started."""

    settings: Settings
    env: dict[str, str]
    url: str
    workers: list[subprocess.Popen] = field(default_factory=list)

    def uow(self) -> Callable:
        engine = make_engine(self.url)
        return lambda: unit_of_work(engine)

    def start_worker(self, concurrency: int = 1, **extra: str) -> subprocess.Popen:
        log = open(self.settings.data_dir / f"worker-{len(self.workers)}.log", "w")  # noqa: SIM115
        worker = subprocess.Popen([sys.executable, "-m", "dashboard", "scan-worker", f"--concurrency={concurrency}"],
                                  env=self.env | extra, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        self.workers.append(worker)
        return worker

    def jobs(self, *where) -> int:
        with self.uow()() as session:
            return session.scalar(select(func.count()).select_from(ScanJob).where(*where))

    def wait_done(self, total: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.jobs(ScanJob.status.in_([JobStatus.DONE, JobStatus.DEAD])) >= total:
                return
            time.sleep(1)
        logs = "\n".join(p.read_text()[-3000:] for p in self.settings.data_dir.glob("worker-*.log"))
        raise AssertionError(f"only {self.jobs(ScanJob.status == JobStatus.DONE)} of {total} jobs done\n{logs}")


def stop(worker: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal a worker's whole process group (the Celery parent and its pool processes), and reap it."""
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


@pytest.fixture
def cluster(fresh_pg_url, tmp_path) -> Iterator[Cluster]:
    if not _broker_reachable():
        if os.environ.get("CI"):
            pytest.fail("RabbitMQ not reachable at 127.0.0.1:5672 (CI is set, so these tests must run)")
        pytest.skip("RabbitMQ not reachable at 127.0.0.1:5672")
    queue = f"test_{uuid.uuid4().hex[:10]}"
    values = {"CONSOLE_DATABASE_URL": fresh_pg_url, "CONSOLE_BROKER_URL": BROKER, "CONSOLE_SCAN_QUEUE": queue,
              "CONSOLE_WORKER_QUEUES": json.dumps([queue]), "CONSOLE_DATA_DIR": str(tmp_path / "var"),
              "CONSOLE_DEMO_MODE": "true", "CONSOLE_LANGUAGE": "en",
              "CONSOLE_YOLO_WEIGHTS": str(tmp_path / "no-weights.pt"),  # the offline detector: no download
              "CONSOLE_LOCAL_SOURCE_DIRS": json.dumps([str(MEDIA)]), "CONSOLE_ALLOW_PRIVATE_SOURCES": "true",
              "CONSOLE_SCAN_MAX_FRAMES": "2", "CONSOLE_EVIDENCE_FRAMES": "1", "CONSOLE_JOB_LEASE_SECONDS": "8",
              "CONSOLE_SCAN_RETRY_BACKOFF_SECONDS": "1", "CONSOLE_REPUBLISH_AFTER_SECONDS": "20",
              "CONSOLE_SCAN_TIMEOUT_SECONDS": "3"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSOLE_")} | values
    settings = load_settings(**{k.removeprefix("CONSOLE_").lower(): json.loads(v) if v.startswith("[") else v
                                for k, v in values.items()})
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    state = Cluster(settings, env, fresh_pg_url)
    yield state
    for worker in state.workers:
        stop(worker, signal.SIGKILL)
    with Connection(BROKER) as connection:
        connection.channel().queue_delete(queue)
