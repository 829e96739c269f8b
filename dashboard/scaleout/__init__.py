"""Scanning on many machines: a Celery app on the broker (CONSOLE_BROKER_URL), the scan task, the scheduler that
enqueues due streams and the broker's figures; and the in-process worker for one machine without a broker.
Services never import this package; the CLI and the pages do."""
