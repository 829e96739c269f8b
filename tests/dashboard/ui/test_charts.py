"""Charts speak the reader's language in their time axes: Chinese month and weekday names, on the page and in
the PNG that vl-convert draws."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.ui import charts


def _takedowns() -> pd.DataFrame:
    days = pd.date_range("2026-09-28", periods=14, freq="D").date
    return pd.DataFrame({"day": list(days), "reason": ["foot_traffic"] * 14, "takedowns": range(14)})


def _axis_labels(chart) -> str:
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_json())
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def test_in_chinese_the_days_read_with_chinese_months(monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    chart = charts.takedowns_chart(_takedowns())
    assert chart.to_dict()["config"]["locale"]["time"]["shortMonths"][9] == "10月"
    labels = _axis_labels(chart)
    assert re.search(r"10月\d+日", labels), labels
    assert not re.search(r"\b(Oct|Sep|Mon|Tue)\b", labels), labels


def test_in_english_the_chart_is_left_as_vega_draws_it(monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "en")
    chart = charts.takedowns_chart(_takedowns())
    assert "locale" not in chart.to_dict().get("config", {})
    assert re.search(r"\b(Oct|Sep)\b", _axis_labels(chart))


@pytest.mark.parametrize("build", [charts.breaches_chart, charts.throughput_chart])
def test_every_dated_chart_is_localised(monkeypatch, build):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    assert getattr(build, "__wrapped__", None) is not None  # built through the one localising wrapper
