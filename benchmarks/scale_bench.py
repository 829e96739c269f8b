"""Scale-out benchmark: scans per minute of the in-process worker and of 1 and 2 Celery scan-worker processes on
the same streams (PostgreSQL at 127.0.0.1:5432, RabbitMQ at 127.0.0.1:5672), and the workers needed per hour.

Usage: python benchmarks/scale_bench.py [--streams 12] [--seconds 60]
Each stream is one of the four sample clips looped to a production window (--seconds, sampled every 0.5 s, as
production scans a stream); the offline SSDLite person detector runs (no COCO YOLO weights can be had here).
Model loading is left out of every figure (each worker process loads once, then scans all day).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.scan_bench import SAMPLES, _looped  # noqa: E402
from dashboard.config import load_settings  # noqa: E402
from dashboard.db.admin import create_database, drop_database  # noqa: E402
from dashboard.db.migrate import upgrade  # noqa: E402
from dashboard.db.models import Owner, ScanJob, Stream  # noqa: E402
from dashboard.db.session import make_engine, unit_of_work  # noqa: E402
from dashboard.enums import Category, JobStatus, OwnerKind, PlaceType, StreamState, Visibility  # noqa: E402

PG_ADMIN = os.environ.get("CONSOLE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def _values(url: str, media: Path, queue: str) -> dict[str, str]:
    return {"CONSOLE_DATABASE_URL": url, "CONSOLE_BROKER_URL": BROKER, "CONSOLE_SCAN_QUEUE": queue,
            "CONSOLE_WORKER_QUEUES": json.dumps([queue]), "CONSOLE_DATA_DIR": str(media / "var"),
            "CONSOLE_DEMO_MODE": "true", "CONSOLE_YOLO_WEIGHTS": str(media / "no-weights.pt"),
            "CONSOLE_LOCAL_SOURCE_DIRS": json.dumps([str(media)]), "CONSOLE_LANGUAGE": "en"}


def _streams(url: str, sources: list[Path], count: int) -> None:
    with unit_of_work(make_engine(url)) as session:
        owner = Owner(external_id="bench", name="bench", kind=OwnerKind.INDIVIDUAL, real_name_verified=True)
        session.add(owner)
        for index, source in zip(range(count), cycle(sources)):
            session.add(Stream(external_id=f"bench-{index}", owner=owner, title="bench", category=Category.OTHER,
                               place_type=PlaceType.STREET, visibility=Visibility.PUBLIC, state=StreamState.LIVE,
                               source_uri=str(source)))


def _in_process(values: dict[str, str], count: int) -> float:
    """The in-process worker's loop over the due streams: seconds for all of them (models loaded first)."""
    from dashboard.services.evidence.detectors import face_detector, person_detector
    from dashboard.services.scanning.runs import scan_stream
    from dashboard.services.scanning.scans import due_streams

    os.environ.update(values)
    settings = load_settings()
    person_detector(settings), face_detector(settings)
    engine = make_engine(values["CONSOLE_DATABASE_URL"])
    with unit_of_work(engine) as session:
        due = due_streams(session, settings=settings, limit=count)
    started = time.monotonic()
    for stream_id in due:
        scan_stream(lambda: unit_of_work(engine), actor_id=None, stream_id=stream_id, settings=settings)
    return time.monotonic() - started


def _on_workers(values: dict[str, str], count: int, processes: int) -> float:
    """Seconds from the scheduler's first round until every job is done, with N scan-worker processes."""
    from dashboard.scaleout.app import make_app
    from dashboard.scaleout.scheduler import tick

    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSOLE_")} | values
    workers = [subprocess.Popen([sys.executable, "-m", "dashboard", "scan-worker", "--concurrency=1"], env=env,
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True) for _ in range(processes)]
    os.environ.update(values)
    settings = load_settings()
    app = make_app(settings)
    try:
        while len((app.control.inspect(timeout=1).ping() or {})) < processes:
            time.sleep(1)
        time.sleep(8)  # each pool process loads its models at start
        engine = make_engine(values["CONSOLE_DATABASE_URL"])
        started = time.monotonic()
        tick(lambda: unit_of_work(engine), app, settings=settings, holder="bench")
        while True:
            with unit_of_work(engine) as session:
                if session.scalar(select(func.count()).where(ScanJob.status == JobStatus.DONE)) >= count:
                    return time.monotonic() - started
            time.sleep(0.5)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        with app.connection_for_write() as connection:
            connection.channel().queue_delete(settings.scan_queue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        media = Path(folder)
        sources = [_looped(ROOT / "data" / "media" / name, args.seconds, media) for name in SAMPLES]
        results = {}
        for label, processes in (("in-process worker", 0), ("1 scan-worker process", 1), ("2 scan-worker processes", 2)):
            name = f"scale_bench_{uuid.uuid4().hex[:8]}"
            url = create_database(PG_ADMIN, name)
            try:
                upgrade(make_engine(url))
                _streams(url, sources, args.streams)
                values = _values(url, media, f"bench_{uuid.uuid4().hex[:8]}")
                took = _in_process(values, args.streams) if processes == 0 else _on_workers(values, args.streams,
                                                                                             processes)
            finally:
                drop_database(PG_ADMIN, name)
            results[label] = (max(processes, 1), took)
            print(f"{label:<24} {args.streams} scans of {args.seconds:g} s windows in {took:6.1f} s: "
                  f"{args.streams / took * 60:6.1f} scans/min", flush=True)
        _project(results, args.streams)


def _project(results: dict[str, tuple[int, float]], count: int) -> None:
    """Machines needed per hour of streams, from the best measured rate of scan-workers on this 2-core machine."""
    best = max(count / took * 60 for label, (_, took) in results.items() if "scan-worker" in label)
    print(f"one 2-core machine: {best:.1f} scans/min = {60 / best:.1f} machine-seconds per scan "
          f"(the detectors' threads already use both cores: a second process adds resilience, not speed)")
    for per_hour in (10_000, 100_000):
        print(f"{per_hour:>7} streams/hour: {math.ceil(per_hour / (best * 60))} such machines")


if __name__ == "__main__":
    main()
