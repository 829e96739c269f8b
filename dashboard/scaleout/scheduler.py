"""The scheduler: while it holds the leadership lease, it turns due streams into jobs (once per window) and sends
the jobs not yet sent (or sent long ago and never started) to the broker. Several may run; one leads."""
from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import timedelta

from celery import Celery

from dashboard.config import Settings
from dashboard.db.session import UnitOfWork
from dashboard.scaleout.app import SCAN_TASK
from dashboard.services.scanning import jobs
from dashboard.services.streams.outbox import deliver_due

log = logging.getLogger(__name__)
LEASE = "scan-scheduler"


@dataclass(frozen=True)
class Tick:
    """One round: whether this scheduler led, how many jobs it created and how many it sent."""

    leader: bool
    created: int = 0
    sent: int = 0
    notices: int = 0  # owner notices delivered


def holder_name() -> str:
    """This scheduler as the lease names it: host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def tick(uow: UnitOfWork, app: Celery, *, settings: Settings, holder: str) -> Tick:
    """Lead (or not), enqueue the due streams, send what waits to be sent."""
    ttl = timedelta(seconds=max(30.0, 3 * settings.scheduler_tick_seconds))
    with uow() as session:
        if not jobs.hold_lease(session, name=LEASE, holder=holder, ttl=ttl):
            return Tick(False)
        created = jobs.enqueue_due(session, settings=settings)
    with uow() as session:
        pending = jobs.to_publish(session, settings=settings)
    sent: list[int] = []
    try:
        for job_id, queue in pending:
            app.send_task(SCAN_TASK, args=[job_id], queue=queue)
            sent.append(job_id)
    finally:  # what reached the broker is marked, even if the broker went away half-way
        with uow() as session:
            jobs.mark_published(session, job_ids=sent)
    # With a broker there is no in-process worker: the leading scheduler delivers the owners' notices.
    return Tick(True, len(created), len(sent), deliver_due(uow, settings=settings).delivered)
