"""The audit log read in Chinese: actions as words, code-written reasons translated, times local to the minute."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.enums import AuditAction
from dashboard.services.access.audit_labels import Change, EntityRef
from dashboard.messages import Phrase
from dashboard.ui import audit_words

LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    monkeypatch.setenv("CONSOLE_TIMEZONE", "Asia/Shanghai")


@pytest.mark.parametrize("action", list(AuditAction), ids=lambda a: a.value)
def test_every_action_reads_in_chinese(chinese, action):
    words = audit_words.action(action.value)
    assert words and not LATIN.search(words), words


@pytest.mark.parametrize(("reason", "shown"), [
    ("handed back", "交回队列"),
    ("too many failed sign-ins", "登录失败次数过多"),
    ("the owner's own words stay as written", "the owner's own words stay as written"),
])
def test_reasons_the_console_writes_are_translated_and_people_s_words_kept(chinese, reason, shown):
    rows = [{"at": None, "actor": "rita", "action": "report.release", "entity": EntityRef("report", "rep-1"),
             "change": [], "reason": reason}]
    assert audit_words.events_table(rows)["reason"].tolist() == [shown]


def test_a_stored_time_reads_as_local_time_to_the_minute(chinese):
    text = audit_words.changes([Change("locked_until", None, "2026-12-03T10:12:33.123456+00:00", False)])
    assert "18:12" in text and "33.123456" not in text and "T10" not in text
    assert "UTC+8" in text


def test_an_empty_log_stays_an_empty_table(chinese):
    assert audit_words.events_table([]).empty and isinstance(audit_words.events_table([]), pd.DataFrame)


def test_a_reason_the_console_composes_reads_in_chinese_with_peoples_words_kept(chinese):
    rows = [{"at": None, "actor": "lena", "action": "report.undo", "entity": EntityRef("report", "rep-9"),
             "change": [], "reason": Phrase("undo of report {report}: {reason}", report="rep-9", reason="wrong stream")}]
    table = audit_words.events_table(rows)
    assert table["reason"].tolist() == ["撤销举报 rep-9 的决定：wrong stream"] and "reason_phrase" not in table
