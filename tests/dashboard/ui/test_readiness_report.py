"""The readiness PDF and the burn-down chart: both charts the same size, every line on the page, the zero drawn."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import cv2
import numpy as np
import pandas as pd
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from dashboard.services.wind_down.metrics import Projection
from dashboard.ui import charts
from dashboard.ui.readiness_report import build_pdf


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    ok: bool


PROJECTION = Projection(date(2027, 3, 14), date(2027, 2, 20), date(2027, 4, 30), -123.4567, 14)


def _png(width: int, height: int) -> bytes:
    return cv2.imencode(".png", np.full((height, width, 3), 200, np.uint8))[1].tobytes()


def test_both_charts_get_the_same_height_and_every_line_fits(monkeypatch):
    images, lines = [], []
    original_image, original_string = canvas.Canvas.drawImage, canvas.Canvas.drawString

    def draw_image(self, image, x, y, width=None, height=None, **kw):
        images.append((x, y, width, height))
        return original_image(self, image, x, y, width=width, height=height, **kw)

    def draw_string(self, x, y, text, *args, **kw):
        lines.append((x + stringWidth(text, self._fontname, self._fontsize), y))
        return original_string(self, x, y, text, *args, **kw)

    monkeypatch.setattr(canvas.Canvas, "drawImage", draw_image)
    monkeypatch.setattr(canvas.Canvas, "drawString", draw_string)
    items = [Item(f"condition {i} with a long enough label", i * 1000, i % 2 == 0) for i in range(6)]
    pdf = build_pdf(checklist=items, projection=PROJECTION, charts=[_png(1400, 600), _png(1400, 600)],
                    generated_by="marco")
    assert pdf.startswith(b"%PDF-")
    (x1, y1, w1, h1), (x2, y2, w2, h2) = images
    assert abs(h1 - h2) < 1 and h1 > 150 and y2 >= 40  # the second chart is as large as the first, on the page
    assert all(right <= 595 - 40 + 0.5 for right, _ in lines)  # A4 is 595 pt wide: nothing runs off


def test_the_burn_down_draws_the_way_to_zero():
    days = pd.date_range("2026-11-01", periods=20, freq="D").date
    frame = pd.DataFrame({"day": list(days) * 2, "category": ["shop"] * 20 + ["ecological_agriculture"] * 20,
                          "public_live": list(range(400, 380, -1)) + list(range(200, 180, -1))})
    spec = charts.burn_down_chart(frame, PROJECTION).to_dict()
    layers = spec["layer"]
    texts = [layer for layer in layers if layer["mark"]["type"] == "text"]
    assert texts and "zero by Mar 14, 2027" in str(spec["datasets"])
    assert "Ecological agriculture" in str(spec["datasets"])  # legend values read as words
    png = charts.to_png(charts.burn_down_chart(frame, PROJECTION))
    assert cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR) is not None


def test_no_projection_no_line():
    frame = pd.DataFrame({"day": [date(2026, 11, 1) + timedelta(days=i) for i in range(3)], "category": ["shop"] * 3,
                          "public_live": [5, 6, 7]})
    assert "layer" not in charts.burn_down_chart(frame, None).to_dict()


def test_a_far_zero_date_does_not_squash_the_data():
    days = pd.date_range("2026-11-01", periods=30, freq="D").date
    frame = pd.DataFrame({"day": days, "category": "shop", "public_live": range(900, 870, -1)})
    far = Projection(date(2028, 8, 18), date(2028, 4, 25), date(2029, 2, 17), -0.4, 14)
    spec = charts.burn_down_chart(frame, far).to_dict()
    drawn = [pd.Timestamp(row["day"]) for rows in spec["datasets"].values() for row in rows if "day" in row]
    assert max(drawn) <= pd.Timestamp("2026-11-30") + pd.Timedelta(days=30)  # as far again as the data spans
    assert "zero by Aug 18, 2028 →" in str(spec["datasets"])


def _title_ink(chart) -> int:
    image = cv2.imdecode(np.frombuffer(charts.to_png(chart), np.uint8), cv2.IMREAD_GRAYSCALE)
    return int((image[:40] < 128).sum())  # dark pixels in the title band


def test_a_chinese_chart_title_renders_real_glyphs_not_boxes(monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    frame = pd.DataFrame({"category": ["shop", "farm"], "streams": [3, 5]})
    chinese = charts.category_bars(frame, value="streams", title="x").properties(title="按贴纸状态统计的商户直播")
    missing = charts.category_bars(frame, value="streams", title="x").properties(title="\ue000" * 12)  # no font has these
    assert _title_ink(chinese) > 2 * _title_ink(missing)  # real CJK strokes, not twelve empty .notdef boxes


def _distinct_title_shapes(pdf: bytes) -> int:
    """How many different shapes the 18 pt title line is made of, split at blank columns (missing glyphs are all
    the same box; real Chinese characters are all different)."""
    import pypdfium2

    band = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_numpy().mean(axis=2)[60:120] < 128
    inked = np.flatnonzero(band.any(axis=0))
    runs = np.split(inked, np.flatnonzero(np.diff(inked) > 1) + 1) if len(inked) else []
    return len({(band[:, run[0]:run[-1] + 1].shape, band[:, run[0]:run[-1] + 1].tobytes()) for run in runs})


def test_the_pdf_in_chinese_renders_real_glyphs_not_boxes(monkeypatch):
    import pypdfium2

    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    pdf = build_pdf(checklist=[Item("Campus streams still public", 3, False)], projection=PROJECTION, charts=[],
                    generated_by="rita")
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "直播平台关停准备情况" in text and "仍公开的校园直播: 3" in text and "2027年3月14日" in text
    buffer = io.BytesIO()  # the same title drawn in Helvetica, which has no Chinese glyphs
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica-Bold", 18)
    page.drawString(40, A4[1] - 50, "直播平台关停准备情况")
    page.save()
    assert _distinct_title_shapes(buffer.getvalue()) <= 2  # ten boxes are one shape (two with sub-pixel shifts)
    assert _distinct_title_shapes(pdf) >= 8  # ten characters, (nearly) ten different shapes
