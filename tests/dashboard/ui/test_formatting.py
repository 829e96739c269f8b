"""Values as people read them: words for codes, days for long spans, local time with the zone named."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from dashboard.ui import formatting
from dashboard.ui.formatting import duration, label, local, readable


@pytest.mark.parametrize(("value", "text"), [
    ("ecological_agriculture", "Ecological agriculture"), ("arrivals_per_day", "Arrivals per day"),
    ("sla_hours", "SLA hours"), ("", ""),
])
def test_codes_read_as_words(value, text):
    assert label(value) == text


@pytest.mark.parametrize(("span", "seconds", "text"), [
    (timedelta(hours=1413, minutes=12), False, "58 d 21 h"), (timedelta(hours=2, minutes=5), False, "2 h 05 min"),
    (timedelta(minutes=7, seconds=40), False, "7 min"), (timedelta(seconds=45), True, "45 s"),
    (timedelta(minutes=1, seconds=5), True, "1 min 05 s"),
])
def test_durations_read_in_days_hours_and_minutes(span, seconds, text):
    assert duration(span, seconds=seconds) == text


def test_times_show_in_beijing_with_the_zone_named():
    moment = datetime(2026, 11, 30, 1, 15, 30, tzinfo=timezone.utc)
    assert local(moment) == "Nov 30 09:15 UTC+8" and local(moment, "time") == "09:15:30 UTC+8"
    assert local(None) == "—"


def test_another_zone_is_a_setting(monkeypatch):
    monkeypatch.setenv("CONSOLE_TIMEZONE", "Europe/London")
    assert formatting.zone_name() in ("UTC", "UTC+1")


def test_tables_read_as_words_and_local_times():
    frame = pd.DataFrame({"id": [1, 2], "priority": [1, 3], "level": ["urgent", "normal"],
                          "reason": ["privacy", "minors"], "oldest": [datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc),
                                                                      pd.NaT]})
    shown = readable(frame)
    assert list(shown.columns) == ["Level", "Reason", "Oldest"]
    assert list(shown["Reason"]) == ["Privacy", "Minors"] and list(shown["Oldest"]) == ["Nov 30 09:00 UTC+8", "—"]


def test_codes_read_in_chinese_for_a_chinese_reader(monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    assert label("ecological_agriculture") == "生态农业" and label("taken_down") == "已下架"
    assert label("not_a_known_code") == "Not a known code"  # no translation: the English words


def test_durations_read_in_chinese_for_a_chinese_reader(monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    assert duration(timedelta(hours=1413, minutes=12)) == "58 天 21 小时" and duration(timedelta(minutes=7)) == "7 分钟"


def test_empty_text_cells_read_as_a_dash_and_numbers_stay_numbers():
    shown = readable(pd.DataFrame({"decision_reason": ["owner asked", None, float("nan")], "count": [1.0, None, 3.0]}))
    assert shown.iloc[:, 0].tolist() == ["owner asked", "—", "—"]
    assert pd.api.types.is_float_dtype(shown.iloc[:, 1])
