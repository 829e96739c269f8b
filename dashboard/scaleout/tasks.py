"""The scan task (one job id per message) and the worker process's start: the models load once per process."""
from __future__ import annotations

import functools
import logging
import socket

from celery.signals import worker_process_init

from dashboard.config import get_settings
from dashboard.db.session import engine_for, unit_of_work
from dashboard.scaleout.app import SCAN_TASK, make_app
from dashboard.services.scanning.job_runner import end_failed, run_job

log = logging.getLogger(__name__)
app = make_app(get_settings())


def _units():
    engine = engine_for(get_settings().sqlalchemy_url)
    return lambda: unit_of_work(engine)


@worker_process_init.connect
def _process_started(**_: object) -> None:
    """Nothing heavy here: Celery kills a pool process that is not up within worker_proc_alive_timeout, and loading
    the models takes 8-12 s on 2 cores, so a replacement for a dead process was killed again and again."""
    log.info("scan worker process started; models load with its first job")


@functools.cache
def _ready() -> None:
    """Build this process's detectors once, on its first job (cached by the detection services)."""
    from dashboard.services.evidence.detectors import face_detector, person_detector

    settings = get_settings()
    choice = person_detector(settings)
    face_detector(settings)
    log.info("scan worker process ready: person detector %s", choice.label)


MAX_JOB_ID = 2**31 - 1  # scan_jobs.id is a 32-bit integer on PostgreSQL


def job_id_of(args: tuple, kwargs: dict) -> int:
    """The job id a task message carries; ValueError naming what is wrong with a malformed message."""
    values = list(args) + [kwargs[k] for k in kwargs if k == "job_id"]
    unknown = sorted(k for k in kwargs if k != "job_id")
    if unknown or len(values) != 1:
        raise ValueError(f"expected one job id, got {len(values)} value(s)"
                         + (f" and unknown argument(s) {', '.join(unknown)}" if unknown else ""))
    job_id = values[0]
    if isinstance(job_id, bool) or not isinstance(job_id, int):
        raise ValueError(f"the job id must be a whole number, not {type(job_id).__name__} {str(job_id)[:40]!r}")
    if not 1 <= job_id <= MAX_JOB_ID:
        raise ValueError(f"the job id {job_id} is out of range (1..{MAX_JOB_ID})")
    return job_id


@app.task(bind=True, name=SCAN_TASK, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def scan_window(self, *args: object, **kwargs: object) -> str:
    """Scan one stream for one window (the job); an unreachable source is retried with backoff, then dead.
    A malformed message is refused with one log line (acknowledged: sending it again cannot mend it)."""
    try:
        job_id = job_id_of(args, kwargs)
    except ValueError as error:
        log.warning("scan task message refused: %s", error)
        return "refused"
    settings = get_settings()
    _ready()
    worker = f"{self.request.hostname or socket.gethostname()}"
    result = run_job(_units(), job_id=job_id, settings=settings, worker=worker)
    if result.action == "wait":  # another attempt holds the job (or the stream) for now
        raise self.retry(countdown=result.wait_seconds)
    if result.action == "failed":
        delay = end_failed(_units(), job_id=job_id, token=result.token, error=result.error, settings=settings)
        if delay is not None:
            raise self.retry(countdown=delay)
        log.warning("scan job %s is dead after its retries: %s", job_id, result.error)
    return result.action
