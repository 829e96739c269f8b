"""Delivering owner notices: at least once, each request signed, retried with back-off.

Without an endpoint (the embedded default) a notice is appended as one JSON line to data_dir/outbox/notices-<day>.jsonl.
With one, it is POSTed as JSON with `X-Console-Signature: sha256=<HMAC of the body>` and `X-Console-Notice-Id`
(the platform drops duplicates by it). A timeout, a refused connection, 408, 429 or 5xx: the notice stays pending
and is tried again later (the delay doubles up to an hour); any other 4xx: failed, with the answer, shown to admins.
Notices are taken in batches and sent outside any transaction (a slow endpoint holds no locks); after a failure
worth retrying the rest of the batch is not tried (a down endpoint costs one timeout a pass, not one per notice).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from dashboard.clock import utcnow
from dashboard.config import Settings
from dashboard.db.models import OwnerNotice, Stream
from dashboard.enums import DeliveryState
from dashboard.db.session import UnitOfWork
from dashboard.services.tables.dataframes import query_frame
from dashboard.services.streams.notices import render

MAX_DELAY = timedelta(hours=1)
RETRYABLE = {408, 425, 429}


@dataclass(frozen=True)
class Sent:
    """One delivery attempt: delivered, or the error and whether to try again."""

    notice_id: int
    ok: bool
    error: str | None = None
    retry: bool = True


@dataclass
class DeliveryRun:
    """What one pass delivered."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_due(uow: UnitOfWork, *, settings: Settings, limit: int = 200, now: datetime | None = None,
                transport: Callable[[int, dict[str, object]], Sent] | None = None) -> DeliveryRun:
    """Send the notices that are due (pending, their next attempt reached), then record each result."""
    now = now or utcnow()
    with uow() as session:
        batch = _take_batch(session, settings=settings, limit=limit, now=now)
    send = transport or sender(settings)
    results: list[Sent] = []
    for notice_id, payload in batch:
        results.append(result := send(notice_id, payload))
        if not result.ok and result.retry:
            break  # the endpoint is down or slow: the rest of the batch waits too, untried
    run = DeliveryRun()
    with uow() as session:
        sent = {n.id: n for n in session.scalars(select(OwnerNotice).where(
            OwnerNotice.id.in_([r.notice_id for r in results])))}
        for result in results:
            _record(sent.get(result.notice_id), result, settings=settings, now=utcnow(), run=run)
        untried = [notice_id for notice_id, _ in batch[len(results):]]
        if untried:
            session.execute(update(OwnerNotice).where(OwnerNotice.id.in_(untried))
                            .values(next_attempt_at=utcnow() + timedelta(seconds=settings.notice_retry_seconds)))
            run.retrying += len(untried)
    return run


def _take_batch(session: Session, *, settings: Settings, limit: int, now: datetime) -> list[tuple[int, dict]]:
    """Due notices, rendered; their next attempt is pushed past this pass so another worker leaves them alone."""
    notices = session.scalars(
        select(OwnerNotice).where(OwnerNotice.delivery_state == DeliveryState.PENDING,
                                  OwnerNotice.next_attempt_at <= now)
        .order_by(OwnerNotice.next_attempt_at, OwnerNotice.id).limit(limit)
        .options(selectinload(OwnerNotice.owner), selectinload(OwnerNotice.stream))
        .with_for_update(skip_locked=True, of=OwnerNotice)).all()
    in_flight = now + timedelta(seconds=2 * settings.notice_timeout_seconds + 60)
    for notice in notices:
        notice.next_attempt_at = in_flight
    return [(notice.id, render(notice)) for notice in notices]


def _record(notice: OwnerNotice | None, result: Sent, *, settings: Settings, now: datetime,
            run: DeliveryRun) -> None:
    if notice is None or notice.delivery_state != DeliveryState.PENDING:
        return
    notice.attempts += 1
    if result.ok:
        notice.delivery_state, notice.delivered_at, notice.last_error = DeliveryState.DELIVERED, now, None
        run.delivered += 1
    elif result.retry:
        delay = timedelta(seconds=settings.notice_retry_seconds * 2 ** min(notice.attempts - 1, 16))
        notice.next_attempt_at, notice.last_error = now + min(delay, MAX_DELAY), result.error
        run.retrying += 1
    else:
        notice.delivery_state, notice.last_error = DeliveryState.FAILED, result.error
        run.failed += 1


def sender(settings: Settings) -> Callable[[int, dict[str, object]], Sent]:
    """POST to the configured endpoint, or append to the outbox folder when none is set."""
    if settings.notice_endpoint:
        key = (settings.notice_signing_key.get_secret_value() or settings.secret_key.get_secret_value()).encode()
        return lambda notice_id, payload: post(settings.notice_endpoint, payload, notice_id=notice_id, key=key,
                                               timeout=settings.notice_timeout_seconds)
    return lambda notice_id, payload: append_line(settings.outbox_dir, payload, notice_id=notice_id)


def signature(body: bytes, key: bytes) -> str:
    """The value of X-Console-Signature for a request body."""
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def post(url: str, payload: dict[str, object], *, notice_id: int, key: bytes, timeout: float) -> Sent:
    """One signed POST; which failures are worth another try follows HTTP's meaning."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "X-Console-Signature": signature(body, key),
        "X-Console-Notice-Id": str(payload["id"])})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (the admin's own endpoint)
            answer.read(1024)
        return Sent(notice_id, True)
    except urllib.error.HTTPError as error:
        text = error.read(300).decode("utf-8", "replace").strip()
        retry = error.code >= 500 or error.code in RETRYABLE
        return Sent(notice_id, False, f"HTTP {error.code} {error.reason}: {text}"[:500], retry=retry)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Sent(notice_id, False, f"{type(error).__name__}: {reason}"[:500])


def append_line(folder: Path, payload: dict[str, object], *, notice_id: int) -> Sent:
    """One JSON line in today's outbox file (a disk error leaves the notice pending)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"notices-{utcnow():%Y-%m-%d}.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")
        return Sent(notice_id, True)
    except OSError as error:
        return Sent(notice_id, False, f"cannot write to {folder}: {error.strerror}")


def delivery_counts(session: Session) -> dict[str, int]:
    """Notices by delivery state (the admin's and the readiness page's figure)."""
    rows = session.execute(select(OwnerNotice.delivery_state, func.count()).group_by(OwnerNotice.delivery_state))
    counts = {state.value: 0 for state in DeliveryState}
    counts.update({state.value: n for state, n in rows})
    return counts


def failed_notices(session: Session, *, limit: int = 50) -> pd.DataFrame:
    """Notices the platform refused (4xx), newest first, with its answer (what an admin must look into)."""
    return query_frame(session, select(
        OwnerNotice.id, OwnerNotice.public_id.label("notice"), Stream.external_id.label("stream"),
        OwnerNotice.kind.label("kind"), OwnerNotice.created_at.label("decided_at"), OwnerNotice.attempts,
        OwnerNotice.last_error.label("problem"))
        .join(Stream, Stream.id == OwnerNotice.stream_id)
        .where(OwnerNotice.delivery_state == DeliveryState.FAILED).order_by(OwnerNotice.id.desc()).limit(limit))
