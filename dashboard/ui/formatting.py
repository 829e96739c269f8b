"""How values read on screen: enum values as words, durations in days/hours/minutes, times in local time."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from babel.dates import format_skeleton
from babel.numbers import format_decimal

from dashboard.i18n import words
from dashboard.messages import Phrase
from dashboard.ui.context import settings
from dashboard.ui.i18n import language, t


def label(value: object) -> str:
    """An enum value or column name as people read it: 'ecological_agriculture' -> 'Ecological agriculture', in the
    reader's language (a vocabulary code's words are beside it in dashboard/enums.py; other words in
    ui/vocabulary.py)."""
    return words(language(), value)


def duration(span: timedelta, *, seconds: bool = False) -> str:
    """A span as '3 d 4 h', '2 h 05 min', '7 min' (or '45 s' when seconds are asked for)."""
    total = int(abs(span.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return t("{d} d {h} h", d=days, h=hours)
    if hours:
        return t("{h} h {m} min", h=hours, m=f"{minutes:02d}")
    if seconds:
        return t("{m} min {s} s", m=minutes, s=f"{secs:02d}") if minutes else t("{s} s", s=secs)
    return t("{m} min", m=minutes)


def zone() -> ZoneInfo:
    """The deployment's time zone (CONSOLE_TIMEZONE)."""
    return ZoneInfo(settings().timezone)


def zone_name() -> str:
    """The zone as shown next to times, e.g. 'UTC+8'."""
    offset = datetime.now(zone()).utcoffset() or timedelta(0)
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    return f"UTC{hours:+d}" + (f":{minutes:02d}" if minutes else "") if offset else "UTC"


def local(moment: datetime | None, style: str = "datetime") -> str:
    """A stored UTC time in the deployment's zone and the reader's locale, named: '11月30日 09:15 UTC+8'
    (style 'time': '09:15:30 UTC+8', 'date': '2026年11月30日')."""
    if moment is None:
        return "—"
    shown = moment.astimezone(zone())
    if style == "date":
        return day(shown.date())
    text = format_skeleton("Hms", shown, locale=language()) if style == "time" else (
        format_skeleton("MMMd", shown, locale=language()) + " " + format_skeleton("Hm", shown, locale=language()))
    return f"{text} {zone_name()}"


def day(value: date | None, *, year: bool = True) -> str:
    """A calendar day in the reader's locale: '2026年11月30日' / 'Nov 30, 2026' (or without the year)."""
    if value is None:
        return "—"
    return format_skeleton("yMMMd" if year else "MMMd", value, locale=language())


def number(value: float, digits: int = 0) -> str:
    """A number in the reader's locale with grouping ('12,345' / '1.5')."""
    return format_decimal(round(value, digits), format="#,##0" + ("." + "#" * digits if digits else ""),
                          locale=language())


_WORDS = ("reason", "status", "decision", "category", "visibility", "state", "kind", "place_type", "source",
          "sticker", "role", "verdict", "level")


def readable(frame: pd.DataFrame, *, hide: tuple[str, ...] = ("id",)) -> pd.DataFrame:
    """A table as people read it: words for enum values, local times, headers in words, row numbers hidden."""
    shown = frame.drop(columns=[c for c in hide if c in frame.columns])
    if "level" in shown.columns:
        shown = shown.drop(columns=[c for c in ("priority",) if c in shown.columns])
    for column in shown.columns:
        if column in _WORDS:
            shown[column] = shown[column].map(lambda v: label(v) if isinstance(v, str) or hasattr(v, "value") else "")
        elif _is_time(shown[column]):
            shown[column] = shown[column].map(lambda v: local(v) if isinstance(v, datetime) and not pd.isna(v) else "—")
        elif pd.api.types.is_object_dtype(shown[column]) or pd.api.types.is_string_dtype(shown[column]):
            # an empty text cell reads "—", not Streamlit's "None"
            shown[column] = shown[column].map(_cell)
    return shown.rename(columns=label)


def _cell(value: object) -> object:
    """An empty text cell reads "—", not Streamlit's "None"; a sentence the console composed, in the reader's words."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return t(value) if isinstance(value, Phrase) else value


def _is_time(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series) or any(isinstance(v, datetime) for v in series.head(20))
