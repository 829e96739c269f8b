"""Altair chart builders for the console's pages."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

import altair as alt
import pandas as pd

from dashboard.ui.formatting import day, label, zone, zone_name
from dashboard.ui.i18n import language, t
from dashboard.languages import language_row

C = TypeVar("C", bound=Callable[..., alt.TopLevelMixin])
def _localised(build: C) -> C:
    """A chart builder whose chart speaks the reader's language in its time axes and tooltips."""
    @wraps(build)
    def wrapper(*args: object, **kwargs: object) -> alt.TopLevelMixin:
        chart = build(*args, **kwargs)
        row = language_row(language())  # month and weekday names on axes and tooltips, on the page and in PNG/PDF
        return chart.configure(locale=alt.Locale(time=row.time_locale), **row.time_formats) if row.time_locale \
            else chart

    return wrapper  # type: ignore[return-value]


def _day_title() -> str:
    return t("Day ({zone})", zone=zone_name())


def _wall_clock(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Stored UTC times as the deployment's wall-clock times (Vega-Lite would show them in the browser's zone)."""
    stamps = pd.to_datetime(frame[column], utc=True) if len(frame) else frame[column]
    return frame.assign(**{column: stamps.dt.tz_convert(zone()).dt.tz_localize(None)}) if len(frame) else frame


def projection_text(projection: object) -> str:
    """The projected zero date of public live streams as one Markdown sentence."""
    latest = day(projection.latest) if projection.latest else t("not bounded")
    return t("**Projected zero public live streams:** {day} (95% range {earliest} to {latest}; {rate} per day over "
             "the last {days} days)", day=day(projection.zero_date), earliest=day(projection.earliest), latest=latest,
             rate=f"{projection.per_day:+.1f}", days=projection.window_days)


def _dated(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Python dates become pandas timestamps, which Vega-Lite serialises."""
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns if c in frame})


@_localised
def takedowns_chart(frame: pd.DataFrame, *, color: str = "reason") -> alt.Chart:
    """Stacked bars of takedowns per day, coloured by reason or source."""
    grouped = frame.groupby(["day", color], as_index=False)["takedowns"].sum()
    grouped = _dated(grouped.assign(**{color: grouped[color].map(label)}), "day")
    return (
        alt.Chart(grouped)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title=_day_title()),
            y=alt.Y("takedowns:Q", title=t("Takedowns"), stack="zero"),
            color=alt.Color(f"{color}:N", title=label(color)),
            tooltip=[alt.Tooltip("day:T", title=t("Day")), alt.Tooltip(f"{color}:N", title=label(color)),
                     alt.Tooltip("takedowns:Q", title=t("Takedowns"))],
        )
        .properties(height=280)
    )


@_localised
def category_bars(frame: pd.DataFrame, *, value: str, title: str) -> alt.Chart:
    """Horizontal bars of a count per category (or any label column named 'category')."""
    return (
        alt.Chart(frame.assign(category=frame["category"].map(label)) if len(frame) else frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y("category:N", sort="-x", title=None),
            tooltip=[alt.Tooltip("category:N", title=t("Category")), alt.Tooltip(f"{value}:Q", title=title)],
        )
        .properties(height=alt.Step(26))
    )


@_localised
def burn_down_chart(frame: pd.DataFrame, projection: object | None = None) -> alt.Chart:
    """Public live streams per day by category (stacked areas), with the projection to zero drawn if there is one."""
    data = _dated(frame.assign(category=frame["category"].map(label)), "day") if len(frame) else frame
    base = (
        alt.Chart(data)
        .mark_area(opacity=0.85)
        .encode(
            x=alt.X("day:T", title=_day_title()),
            y=alt.Y("public_live:Q", title=t("Public live streams"), stack="zero"),
            color=alt.Color("category:N", title=t("Category")),
            tooltip=[alt.Tooltip("day:T", title=t("Day")), alt.Tooltip("category:N", title=t("Category")),
                     alt.Tooltip("public_live:Q", title=t("Public live"))],
        )
        .properties(height=300)
    )
    if projection is None or getattr(projection, "zero_date", None) is None or frame.empty:
        return base
    horizon = _horizon(frame)
    return alt.layer(*_projection_layers(projection, horizon), base, *_projection_marks(frame, projection, horizon))


def _horizon(frame: pd.DataFrame) -> pd.Timestamp:
    """How far right the chart reaches: as far again as the data spans (at least 30 days), so a far-off zero date
    does not squash the data into a sliver."""
    days = pd.to_datetime(frame["day"])
    return days.max() + max(days.max() - days.min(), pd.Timedelta(days=30))


def _projection_layers(projection: object, horizon: pd.Timestamp) -> list[alt.Chart]:
    """The 95% range of the zero date, shaded (the part of it inside the chart)."""
    start = pd.Timestamp(projection.earliest)
    if start > horizon:
        return []
    end = min(pd.Timestamp(projection.latest or projection.zero_date), horizon)
    band = pd.DataFrame({"start": [start], "end": [end]})
    return [alt.Chart(band).mark_rect(color="red", opacity=0.08).encode(x="start:T", x2="end:T")]


def _projection_marks(frame: pd.DataFrame, projection: object, horizon: pd.Timestamp) -> list[alt.Chart]:
    """The dashed line from today's total towards zero, and the projected date written at its end."""
    totals = frame.groupby("day", as_index=False)["public_live"].sum().sort_values("day")
    last_day, last_value = pd.Timestamp(totals.iloc[-1]["day"]), float(totals.iloc[-1]["public_live"])
    zero = pd.Timestamp(projection.zero_date)
    end, value = (zero, 0.0) if zero <= horizon else (
        horizon, last_value * (1 - (horizon - last_day) / (zero - last_day)))  # where the line leaves the chart
    text = t("zero by {day}", day=day(projection.zero_date)) + ("" if zero <= horizon else " →")
    line = pd.DataFrame({"day": [last_day, end], "public_live": [last_value, value], "what": [t("today"), text]})
    label_at = pd.DataFrame({"day": [end], "public_live": [value], "text": [text]})
    return [alt.Chart(line).mark_line(color="firebrick", strokeDash=[6, 4], strokeWidth=2).encode(
                x="day:T", y="public_live:Q", tooltip=[alt.Tooltip("day:T", title=t("Day")),
                                                       alt.Tooltip("what:N", title=t("Projection"))]),
            alt.Chart(label_at).mark_text(align="right", dx=-4, dy=-10, color="firebrick", fontWeight="bold").encode(
                x="day:T", y="public_live:Q", text="text:N")]


@_localised
def breaches_chart(frame: pd.DataFrame) -> alt.Chart:
    """SLA breaches per hour of day, stacked by priority level."""
    levels = [t(level) for level in ("urgent", "high", "normal")]
    return (
        alt.Chart(frame.assign(level=frame["level"].map(t)) if len(frame) else frame)
        .mark_bar()
        .encode(
            x=alt.X("hour:O", title=t("Hour of day ({zone}) the report arrived", zone=zone_name())),
            y=alt.Y("breached:Q", title=t("SLA breaches"), stack="zero"),
            color=alt.Color("level:N", title=t("Priority"), sort=levels,
                            scale=alt.Scale(domain=levels, range=["#d62728", "#ff7f0e", "#9ecae9"])),
            tooltip=[alt.Tooltip("hour:O", title=t("Hour")), alt.Tooltip("level:N", title=t("Priority")),
                     alt.Tooltip("reports:Q", title=t("Reports")), alt.Tooltip("breached:Q", title=t("SLA breaches"))],
        )
        .properties(height=260)
    )


@_localised
def coverage_chart(frame: pd.DataFrame) -> alt.Chart:
    """Report arrivals versus decisions per hour of day: where the 24-hour desk is thin."""
    long = frame.melt(id_vars="hour", value_vars=["arrivals_per_day", "decisions_per_day", "reviewers_per_day"],
                      var_name="series", value_name="per_day")
    long["series"] = long["series"].map(label)
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("hour:O", title=t("Hour of day ({zone})", zone=zone_name())),
            y=alt.Y("per_day:Q", title=t("Per day (average)")),
            color=alt.Color("series:N", title=None),
            tooltip=[alt.Tooltip("hour:O", title=t("Hour")), alt.Tooltip("series:N", title=t("Series")),
                     alt.Tooltip("per_day:Q", title=t("Per day (average)"))],
        )
        .properties(height=260)
    )


@_localised
def throughput_chart(frame: pd.DataFrame) -> alt.Chart:
    """Decisions per reviewer over the period."""
    totals = frame.groupby("reviewer", as_index=False)["decisions"].sum()
    return (
        alt.Chart(totals)
        .mark_bar()
        .encode(x=alt.X("decisions:Q", title=t("Decisions")), y=alt.Y("reviewer:N", sort="-x", title=None),
                tooltip=[alt.Tooltip("reviewer:N", title=t("Reviewer")),
                         alt.Tooltip("decisions:Q", title=t("Decisions"))])
        .properties(height=alt.Step(24))
    )


@_localised
def purges_chart(frame: pd.DataFrame) -> alt.Chart:
    """Bars of evidence frames deleted per purge run."""
    return (
        alt.Chart(_wall_clock(frame, "at"), title=t("Evidence frames deleted per purge run"))
        .mark_bar()
        .encode(x=alt.X("at:T", title=t("Run ({zone})", zone=zone_name())),
                y=alt.Y("evidence_frames:Q", title=t("Frames deleted")),
                tooltip=[alt.Tooltip(f"{name}:{kind}", title=label(name)) for name, kind in (
                    ("at", "T"), ("by", "N"), ("evidence_frames", "Q"), ("scans", "Q"), ("intake_rejections", "Q"),
                    ("login_sessions", "Q"), ("held_streams", "Q"))])
        .properties(height=220)
    )


def to_png(chart: alt.Chart) -> bytes:
    """The chart as a PNG, rendered offline with vl-convert."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_json(), scale=2)
