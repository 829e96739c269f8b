"""Scan results read in Chinese: stored reasons (codes and values), the detector's name, the history line."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dashboard.ui import scan_words


@pytest.fixture(autouse=True)
def _chinese(monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")


@pytest.mark.parametrize(("stored", "shown"), [
    ({"code": "tracks_per_minute", "values": {"value": 22.3, "limit": 6.0}}, "每分钟不同的人数 22.3 ≥ 6.0"),
    ({"code": "peak_people", "values": {"value": 3, "limit": 4}}, "画面峰值人数 3 < 4"),
    ({"code": "no_frames", "values": {}}, "没有画面"),
    ({"code": "crowd_in_frame", "values": {"peak": 9, "limit": 4, "span": 3}},
     "画面人群：3 秒的片段无法算出路人经过的速率，但画面中同时有 9 人（≥ 4）"),
    ({"code": "crowd_in_frame", "values": {"peak": 5, "limit": 4, "span": None}},
     "画面人群：静态图片无法算出路人经过的速率，但画面中同时有 5 人（≥ 4）"),
    ("QR sticker issued to another stream", "二维码贴纸属于另一条直播"),
    ("something the console never said", "something the console never said"),
])
def test_stored_reasons_read_in_chinese(stored, shown):
    assert scan_words.reason(stored) == shown


def test_every_reason_a_scan_can_give_has_words():
    """Each code the scene scorer writes is said by the console (a new code without words fails here)."""
    from detectors.scene import REASON_TEXTS

    for code in REASON_TEXTS:
        values = {"value": 1, "limit": 2, "peak": 5, "span": None}
        assert scan_words.reason({"code": code, "values": values}) != code


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
