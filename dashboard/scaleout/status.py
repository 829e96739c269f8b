"""The broker's figures for scan-status and the Scan flags page: jobs waiting in each queue, workers answering."""
from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from amqp.exceptions import ChannelError

from dashboard.config import Settings
from dashboard.scaleout.app import make_app, queues


@dataclass(frozen=True)
class BrokerFigures:
    """Messages waiting per queue and the workers that answered a ping (problem: why the broker did not answer)."""

    waiting: dict[str, int] = field(default_factory=dict)
    workers: list[str] = field(default_factory=list)
    problem: str | None = None


def _waiting(connection: object, name: str) -> int:
    """Messages ready in a queue (a queue nobody declared yet holds none); asked without declaring it."""
    channel = connection.channel()
    try:
        return channel.queue_declare(name, passive=True).message_count
    except ChannelError:  # 404: no such queue yet (the passive check closed this channel)
        return 0
    finally:
        with suppress(Exception):
            channel.close()


def broker_figures(settings: Settings, *, timeout: float = 1.0) -> BrokerFigures:
    """Ask the broker (quickly: a page must not hang on a broker that is down)."""
    app = make_app(settings)
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            waiting = {name: _waiting(connection, name) for name in queues(settings)}
        workers = sorted((app.control.inspect(timeout=timeout).ping() or {}).keys())
    except Exception as error:  # noqa: BLE001  (any broker failure is a figure to show, not a crash)
        return BrokerFigures(problem=f"{type(error).__name__}: {error}")
    return BrokerFigures(waiting, workers)
