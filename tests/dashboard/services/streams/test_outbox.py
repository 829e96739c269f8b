"""Delivering owner notices at least once: a real local HTTP endpoint that is down, slow, answers 5xx or 4xx, then
takes them; each request signed; the embedded default writes JSON lines."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from dashboard.clock import utcnow
from dashboard.config import load_settings
from dashboard.db.models import OwnerNotice
from dashboard.db.session import unit_of_work
from dashboard.enums import DeliveryState, NoticeKind, NoticeSource
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.streams import notices, outbox
from tests.factories import make_stream

KEY = "k" * 40


class _Platform(BaseHTTPRequestHandler):
    """Answers from its server's script: each entry is (status, seconds to wait first); what came is kept on the
    server (a slow answer of an earlier test's server cannot land in this test's list)."""

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status, wait = self.server.script.pop(0) if self.server.script else (200, 0)
        time.sleep(wait)
        self.server.received.append((dict(self.headers), json.loads(body) | {"_raw": body.decode()}))
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"no such owner" if status == 404 else b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def platform():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Platform)
    server.script, server.received = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def _settings(tmp_path, **extra):
    return load_settings(data_dir=tmp_path, demo_mode=True, notice_signing_key=KEY, notice_timeout_seconds=0.5,
                         notice_retry_seconds=1, **extra)


def _pending_notice(isolated_engine):
    with unit_of_work(isolated_engine) as session:
        stream = make_stream(session)
        notice = notices.tell_owner(session, actor=SYSTEM, stream=stream, decided=notices.Decided(
            NoticeKind.SUSPEND, "foot_traffic", NoticeSource.SCAN_FLAG, "ssdlite", {"people_peak": 8}))
        session.flush()
        return notice.id, notice.public_id


def _state(isolated_engine, notice_id):
    with unit_of_work(isolated_engine) as session:
        notice = session.get(OwnerNotice, notice_id)
        return notice.delivery_state, notice.attempts, notice.last_error, notice.next_attempt_at


def test_down_slow_and_5xx_are_retried_until_the_platform_takes_it_once_signed(isolated_engine, tmp_path, platform):
    notice_id, public_id = _pending_notice(isolated_engine)
    uow = lambda: unit_of_work(isolated_engine)  # noqa: E731
    down = _settings(tmp_path, notice_endpoint="http://127.0.0.1:9/notices")  # nothing listens on port 9
    run = outbox.deliver_due(uow, settings=down)
    state, attempts, error, next_at = _state(isolated_engine, notice_id)
    assert (run.retrying, state, attempts) == (1, DeliveryState.PENDING, 1) and "Connection" in error
    assert next_at > utcnow()  # backed off: not due again at once
    assert outbox.deliver_due(uow, settings=down).retrying == 0  # not due yet
    url = f"http://127.0.0.1:{platform.server_port}/notices"
    platform.script[:] = [(503, 0), (200, 2.0)]  # a 5xx, then an answer slower than the timeout
    for later in (1, 2):
        outbox.deliver_due(uow, settings=_settings(tmp_path, notice_endpoint=url), now=utcnow() + timedelta(hours=later))
    state, attempts, error, _ = _state(isolated_engine, notice_id)
    assert (state, attempts) == (DeliveryState.PENDING, 3) and "timed out" in error.lower()
    run = outbox.deliver_due(uow, settings=_settings(tmp_path, notice_endpoint=url), now=utcnow() + timedelta(hours=3))
    assert run.delivered == 1 and _state(isolated_engine, notice_id)[0] == DeliveryState.DELIVERED
    headers, body = next((h, b) for h, b in reversed(platform.received) if b["id"] == public_id)
    raw = body.pop("_raw").encode()
    assert headers["X-Console-Notice-Id"] == public_id == body["id"]
    assert headers["X-Console-Signature"] == "sha256=" + hmac.new(KEY.encode(), raw, hashlib.sha256).hexdigest()
    assert body["language"] == "zh_CN" and body["kind"] == "suspend" and "decided_by" not in body
    # at least once: the platform saw it more than once (the 5xx, the slow answer); one id to drop the copies by
    assert [b["id"] for _, b in platform.received].count(public_id) >= 2
    assert outbox.deliver_due(uow, settings=_settings(tmp_path, notice_endpoint=url), now=utcnow() + timedelta(hours=4)
                              ).delivered == 0


def test_a_4xx_answer_fails_the_notice_with_the_platforms_reason(isolated_engine, tmp_path, platform):
    notice_id, _ = _pending_notice(isolated_engine)
    platform.script[:] = [(404, 0)]
    url = f"http://127.0.0.1:{platform.server_port}/notices"
    run = outbox.deliver_due(lambda: unit_of_work(isolated_engine), settings=_settings(tmp_path, notice_endpoint=url))
    state, _, error, _ = _state(isolated_engine, notice_id)
    assert run.failed == 1 and state == DeliveryState.FAILED and "404" in error and "no such owner" in error
    with unit_of_work(isolated_engine) as session:
        refused = outbox.failed_notices(session)
        assert "no such owner" in refused.loc[refused["id"] == notice_id, "problem"].iloc[0]
        assert outbox.delivery_counts(session)["failed"] >= 1


def test_without_an_endpoint_notices_are_json_lines_in_the_outbox(isolated_engine, tmp_path):
    notice_id, public_id = _pending_notice(isolated_engine)
    settings = _settings(tmp_path)
    run = outbox.deliver_due(lambda: unit_of_work(isolated_engine), settings=settings)
    assert run.delivered >= 1
    lines = [json.loads(line) for path in settings.outbox_dir.glob("notices-*.jsonl")
             for line in path.read_text(encoding="utf-8").splitlines()]
    mine = [line for line in lines if line["id"] == public_id]
    assert len(mine) == 1 and "暂停" in mine[0]["text"]["decision"]
    with unit_of_work(isolated_engine) as session:
        assert session.scalar(select(OwnerNotice.delivery_state).where(OwnerNotice.id == notice_id)) == \
            DeliveryState.DELIVERED


def test_a_folder_that_cannot_be_written_keeps_the_notice_pending(isolated_engine, tmp_path):
    notice_id, _ = _pending_notice(isolated_engine)
    (tmp_path / "outbox").write_text("a file where the folder should be")
    run = outbox.deliver_due(lambda: unit_of_work(isolated_engine), settings=_settings(tmp_path))
    state, _, error, _ = _state(isolated_engine, notice_id)
    assert run.retrying >= 1 and state == DeliveryState.PENDING and "cannot write" in error


def test_a_down_endpoint_costs_one_try_a_pass_not_one_per_notice(isolated_engine, tmp_path):
    first, _ = _pending_notice(isolated_engine)
    second, _ = _pending_notice(isolated_engine)
    tried = []

    def refused(notice_id, payload):
        tried.append(notice_id)
        return outbox.Sent(notice_id, False, "ConnectionRefusedError")

    run = outbox.deliver_due(lambda: unit_of_work(isolated_engine), settings=_settings(tmp_path), transport=refused)
    assert len(tried) == 1 and run.retrying == 2
    for notice_id in (first, second):
        state, attempts, _, next_at = _state(isolated_engine, notice_id)
        assert state == DeliveryState.PENDING and next_at > utcnow()
    assert sorted(_state(isolated_engine, n)[1] for n in (first, second)) == [0, 1]  # the untried one kept its count
