"""The console's Celery app: late acknowledgement, one job at a time per process, durable queues, no result
backend (results go to the console's database)."""
from __future__ import annotations

from celery import Celery
from kombu import Queue

from dashboard.config import Settings
from dashboard.errors import ConfigError

SCAN_TASK = "console.scan_window"


def queues(settings: Settings) -> list[str]:
    """Every queue this deployment uses: the CPU default, the GPU queue, and the configured ones."""
    return list(dict.fromkeys(["default", "gpu", settings.scan_queue, *settings.worker_queues]))


def make_app(settings: Settings) -> Celery:
    """A Celery app on the configured broker (ConfigError without one)."""
    if not settings.broker_url:
        raise ConfigError("CONSOLE_BROKER_URL is not set: scans run in the in-process worker "
                          "(python -m dashboard worker).")
    app = Celery("console", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # a job is acknowledged after it ran: a killed worker's job is delivered again
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a worker holds one waiting job per process, not a batch it may die with
        worker_cancel_long_running_tasks_on_connection_loss=True,
        task_queues=[Queue(name, durable=True) for name in queues(settings)],
        task_default_queue=settings.scan_queue,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        worker_hijack_root_logger=False,
        worker_proc_alive_timeout=60,  # margin for a slow start; the models themselves load on the first job
        enable_utc=True,
    )
    return app
