"""Scan task messages: a malformed one (a string id, 2^63, wrong arguments) is refused with one log line and
acknowledged, never a traceback in the worker log nor a retry loop."""
from __future__ import annotations

import logging

import pytest

from dashboard.config import get_settings


@pytest.fixture
def tasks(monkeypatch):
    monkeypatch.setenv("CONSOLE_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")  # no message is sent
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    get_settings.cache_clear()
    from dashboard.scaleout import tasks as module

    yield module
    get_settings.cache_clear()


@pytest.mark.parametrize(("args", "kwargs", "reason"), [
    (("abc",), {}, "must be a whole number, not str 'abc'"),
    ((2**63,), {}, "out of range"),
    ((0,), {}, "out of range"),
    ((True,), {}, "must be a whole number, not bool"),
    ((1, 2), {}, "expected one job id, got 2"),
    ((), {}, "expected one job id, got 0"),
    ((), {"job": 5}, "unknown argument(s) job"),
    ((None,), {}, "not NoneType"),
])
def test_a_malformed_message_is_refused_with_one_line(tasks, caplog, args, kwargs, reason):
    with caplog.at_level(logging.WARNING, logger=tasks.__name__):
        result = tasks.scan_window.apply(args=args, kwargs=kwargs)
    assert result.successful() and result.get() == "refused"
    lines = [r for r in caplog.records if r.name == tasks.__name__]
    assert len(lines) == 1 and reason in lines[0].getMessage() and lines[0].exc_info is None


@pytest.mark.parametrize(("args", "kwargs"), [((7,), {}), ((), {"job_id": 7})])
def test_a_well_formed_message_carries_its_job_id(tasks, args, kwargs):
    assert tasks.job_id_of(args, kwargs) == 7
