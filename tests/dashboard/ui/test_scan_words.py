"""Scan results read in Chinese: stored reason lines, the detector's name, the history line."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dashboard.ui import scan_words


@pytest.fixture(autouse=True)
def _chinese(monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")


@pytest.mark.parametrize(("line", "shown"), [
    ("distinct people per minute 22.3 ≥ 6.0", "每分钟不同的人数 22.3 ≥ 6.0"),
    ("peak people in frame 3 < 4", "画面峰值人数 3 < 4"),
    ("no frames", "没有画面"),
    ("crowd in frame: a 3 s window cannot show a rate of people passing, but 9 people are in frame at once (≥ 4)",
     "画面人群：3 秒的片段无法算出路人经过的速率，但画面中同时有 9 人（≥ 4）"),
    ("crowd in frame: a still image cannot show a rate of people passing, but 5 people are in frame at once (≥ 4)",
     "画面人群：静态图片无法算出路人经过的速率，但画面中同时有 5 人（≥ 4）"),
    ("something the console never said", "something the console never said"),
])
def test_stored_reason_lines_read_in_chinese(line, shown):
    assert scan_words.reason(line) == shown


@pytest.mark.parametrize(("label", "shown"), [
    ("ssdlite (offline: yolo: YOLO weights file 'x.pt' does not exist (set CONSOLE_YOLO_WEIGHTS).)",
     "ssdlite（替代无法加载的检测器）"),
    ("yolo11n@640", "yolo11n@640"),
])
def test_the_detector_is_named_without_the_loaders_diagnostic(label, shown):
    assert scan_words.detector(label) == shown


def test_the_history_line_is_chinese_with_local_times():
    at = datetime(2026, 11, 29, 17, 30, tzinfo=timezone.utc)
    text = scan_words.history([(at, "done", "public_foot_traffic", 7, 3, True)],
                              [(at, "foot_traffic", "scan_flag", True)])
    assert text == ("**直播历史** — 扫描：11月30日 01:30 UTC+8 公共人流（峰值 7，人脸 3），降级；"
                    "下架：2026年11月30日 人流，来源：扫描标记（已恢复）")
