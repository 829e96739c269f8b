"""Scanning on many machines: scan-worker (a Celery worker), scan-scheduler (enqueues due streams), scan-status."""
from __future__ import annotations

import os
import socket
import time
from typing import Annotated

import typer

from dashboard.cli.common import _, app, current_settings, reported, units


@app.command("scan-worker", help=_("Run a Celery scan worker on CONSOLE_BROKER_URL: each process loads the models "
                                   "once and scans one job at a time."))
def scan_worker(
    concurrency: Annotated[int | None, typer.Option(min=1, help=_("Scan processes (default: "
                                                                   "CONSOLE_WORKER_CONCURRENCY)."))] = None,
    queues: Annotated[str | None, typer.Option(help=_("Queues to take jobs from, comma-separated (default: "
                                                      "CONSOLE_WORKER_QUEUES; a GPU machine: gpu,default)."))] = None,
) -> None:
    """Run a Celery scan worker."""
    settings = current_settings()
    with reported():
        from dashboard.scaleout.tasks import app as celery_app

    chosen = queues or ",".join(settings.worker_queues)
    celery_app.worker_main(["worker", f"--concurrency={concurrency or settings.worker_concurrency}",
                            f"--queues={chosen}", "--loglevel=INFO", f"--hostname=scan{os.getpid()}@{socket.gethostname()}",
                            "--without-gossip", "--without-mingle", "--pool=prefork"])


@app.command("scan-scheduler", help=_("Enqueue due streams as scan jobs (once per stream and window, whatever the "
                                      "number of schedulers) and send them to the broker."))
def scan_scheduler(once: Annotated[bool, typer.Option(help=_("One round, then exit."))] = False) -> None:
    """Run the scan scheduler."""
    from dashboard.scaleout.app import make_app
    from dashboard.scaleout.scheduler import holder_name, tick

    settings = current_settings()
    with reported():
        celery_app = make_app(settings)
    holder = holder_name()
    while True:
        try:
            result = tick(units(settings), celery_app, settings=settings, holder=holder)
            if result.leader:
                typer.echo(_("scheduler: {created} job(s) created, {sent} sent, {notices} owner notice(s) delivered",
                             created=result.created, sent=result.sent, notices=result.notices))
        except Exception as error:  # noqa: BLE001  (a broker or database hiccup: the next round tries again)
            typer.echo(_("scheduler: round failed ({problem}); trying again", problem=error), err=True)
        if once:
            return
        time.sleep(settings.scheduler_tick_seconds)


@app.command("scan-status", help=_("Queue depth, workers alive, jobs per minute, dead jobs and the oldest due "
                                   "stream."))
def scan_status() -> None:
    """Print distributed scanning's figures."""
    from dashboard.scaleout.status import broker_figures
    from dashboard.services.scanning.job_status import figures

    settings = current_settings()
    with reported(), units(settings)() as session:
        db = figures(session, settings=settings)
        broker = broker_figures(settings)
    for name, count in broker.waiting.items():
        typer.echo(_("queue {name}: {count} waiting", name=name, count=count))
    if broker.problem:
        typer.echo(_("broker: {problem}", problem=broker.problem), err=True)
    typer.echo(_("workers alive: {count} ({names})", count=len(broker.workers), names=", ".join(broker.workers)))
    typer.echo(_("jobs: {counts}", counts=", ".join(f"{k}={v}" for k, v in sorted(db.by_status.items())) or "—"))
    typer.echo(_("jobs finished per minute (last 10 min): {rate}", rate=db.per_minute))
    if db.oldest_due_stream is None:
        typer.echo(_("oldest due stream: none (every stream was scanned within the interval)"))
    else:
        typer.echo(_("oldest due stream: {stream} (waiting since {at})", stream=db.oldest_due_stream,
                     at=db.oldest_due.isoformat(timespec="minutes")))
