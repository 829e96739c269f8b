"""The in-process worker (one machine, no broker): each pass takes in the inbox, delivers owner notices, fails scans
left running past their lease and scans the due streams; the retention purge runs on its own interval. It says what
it did as typed events, which the CLI puts into the reader's language; it never prints."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from dashboard.config import Settings
from dashboard.db.session import UnitOfWork
from dashboard.errors import ConsoleError
from dashboard.services.access.permissions import SYSTEM


@dataclass(frozen=True)
class InboxTaken:
    """One report-button or appeal file read from the inbox."""

    file: str
    created: int
    known: int
    rejected: int


@dataclass(frozen=True)
class NoticesSent:
    """One round of owner-notice delivery."""

    delivered: int
    retrying: int
    failed: int


@dataclass(frozen=True)
class StaleScansFailed:
    """Scans a killed process left running past their lease, now failed."""

    count: int


@dataclass(frozen=True)
class ScanRecorded:
    """A due stream scanned and its scan recorded."""

    stream_id: int
    scan_id: int


@dataclass(frozen=True)
class ScanRefused:
    """A due stream not scanned: its source failed, or another worker holds it."""

    stream_id: int
    error: ConsoleError


@dataclass(frozen=True)
class Purged:
    """What the retention purge deleted and kept."""

    evidence_frames: int
    intake_rejections: int
    login_sessions: int
    held_streams: int


Event = InboxTaken | NoticesSent | StaleScansFailed | ScanRecorded | ScanRefused | Purged


def take_in_reports(uow: UnitOfWork, *, settings: Settings) -> Iterator[InboxTaken]:
    """Read every file waiting in the inbox (reports and appeals), one transaction per file."""
    from dashboard.services.appeals.intake import intake_any_file
    from dashboard.services.desk.intake import process_inbox

    if not settings.inbox_dir.is_dir():
        return
    for summary in process_inbox(uow, actor=SYSTEM, inbox=settings.inbox_dir, settings=settings, take=intake_any_file):
        yield InboxTaken(str(summary.source), summary.created, summary.skipped_existing, len(summary.rejected))


def deliver_notices(uow: UnitOfWork, *, settings: Settings) -> Iterator[NoticesSent]:
    """Deliver the owner notices that are due, round after round while the endpoint takes them."""
    from dashboard.services.streams.outbox import deliver_due

    while (run := deliver_due(uow, settings=settings)).delivered + run.retrying + run.failed:
        yield NoticesSent(run.delivered, run.retrying, run.failed)
        if run.delivered == 0:
            break  # the endpoint takes nothing now: the rest waits for its next attempt


def scan_due(uow: UnitOfWork, *, settings: Settings, batch: int,
             stopped: Callable[[], bool] = lambda: False) -> Iterator[StaleScansFailed | ScanRecorded | ScanRefused]:
    """Fail scans left running past their lease, then scan up to `batch` due streams, longest waiting first."""
    from dashboard.services.scanning.runs import fail_interrupted
    from dashboard.services.scanning.scans import due_streams

    with uow() as session:
        if stale := fail_interrupted(session, older_than=timedelta(minutes=settings.scan_lease_minutes)):
            yield StaleScansFailed(stale)
        due = due_streams(session, settings=settings, limit=batch)
    for stream_id in due:
        if stopped():
            return
        yield scan_one(uow, settings=settings, stream_id=stream_id)


def scan_one(uow: UnitOfWork, *, settings: Settings, stream_id: int) -> ScanRecorded | ScanRefused:
    """Scan one stream as the system; a failed scan, or the stream leased by another worker, is a refusal."""
    from dashboard.services.scanning.runs import scan_stream

    try:
        return ScanRecorded(stream_id, scan_stream(uow, actor_id=None, stream_id=stream_id, settings=settings))
    except ConsoleError as error:
        return ScanRefused(stream_id, error)


def one_pass(uow: UnitOfWork, *, settings: Settings, batch: int,
             stopped: Callable[[], bool] = lambda: False) -> Iterator[Event]:
    """Inbox, notices, then the due streams."""
    yield from take_in_reports(uow, settings=settings)
    yield from deliver_notices(uow, settings=settings)
    yield from scan_due(uow, settings=settings, batch=batch, stopped=stopped)


def purge_when_due(uow: UnitOfWork, *, settings: Settings, last: float | None) -> tuple[float | None, Purged | None]:
    """Run the retention purge if purge_interval_hours have passed since `last` (time.monotonic) or it never ran."""
    from dashboard.services.retention.expiry import purge

    if last is not None and time.monotonic() - last < settings.purge_interval_hours * 3600:
        return last, None
    with uow() as session:
        summary = purge(session, actor=SYSTEM, settings=settings)
    return time.monotonic(), Purged(summary.evidence_frames, summary.intake_rejections, summary.login_sessions,
                                    summary.held_streams)
