"""The console's languages, one row each: settings, the sidebar, the CLI, PDF reports, charts and the catalogue
tests read this table. Adding a language is a row here and its catalogue (dashboard/locale/<code>/LC_MESSAGES).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """A language of the console: its catalogue code, its name in its own words, and how its script is drawn."""

    code: str
    name: str
    # PDF (reportlab) regular and bold fonts; a CID font is built into reportlab (CJK glyphs without a font file).
    pdf_fonts: tuple[str, str] = ("Helvetica", "Helvetica-Bold")
    pdf_cid_font: str | None = None
    # Vega-Lite's time-format locale (d3-time-format: month and weekday names) and formats; empty: Vega's English.
    time_locale: dict = field(default_factory=dict)
    time_formats: dict = field(default_factory=dict)


_ZH_TIME = {
    "dateTime": "%Y年%-m月%-d日 %A %H:%M:%S", "date": "%Y年%-m月%-d日", "time": "%H:%M:%S", "periods": ["上午", "下午"],
    "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
    "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    "months": ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
    "shortMonths": [f"{n}月" for n in range(1, 13)]}

ROWS = (
    Language("zh_CN", "中文", pdf_fonts=("STSong-Light", "STSong-Light"), pdf_cid_font="STSong-Light",
             time_locale=_ZH_TIME, time_formats={"timeFormat": "%Y年%-m月%-d日", "axisTemporal": {"format": "%-m月%-d日"}}),
    Language("en", "English"),
)
CODES = tuple(row.code for row in ROWS)  # the first is the default
DEFAULT = CODES[0]


def language_row(code: str) -> Language:
    """The row of a language code (the default language's for an unknown code)."""
    return next((row for row in ROWS if row.code == code), ROWS[0])


def pdf_fonts(code: str) -> tuple[str, str]:
    """A language's regular and bold PDF fonts, its built-in CID font registered with reportlab first."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    row = language_row(code)
    if row.pdf_cid_font and row.pdf_cid_font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(row.pdf_cid_font))
    return row.pdf_fonts
