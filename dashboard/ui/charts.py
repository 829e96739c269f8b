"""Altair chart builders for the console's pages."""
from __future__ import annotations

import altair as alt
import pandas as pd


def _dated(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Python dates become pandas timestamps, which Vega-Lite serialises."""
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns if c in frame})


def takedowns_chart(frame: pd.DataFrame, *, color: str = "reason") -> alt.Chart:
    """Stacked bars of takedowns per day, coloured by reason or source."""
    grouped = _dated(frame.groupby(["day", color], as_index=False)["takedowns"].sum(), "day")
    return (
        alt.Chart(grouped)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title="Day (UTC)"),
            y=alt.Y("takedowns:Q", title="Takedowns", stack="zero"),
            color=alt.Color(f"{color}:N", title=color.title()),
            tooltip=[alt.Tooltip("day:T"), alt.Tooltip(f"{color}:N"), alt.Tooltip("takedowns:Q")],
        )
        .properties(height=280)
    )


def category_bars(frame: pd.DataFrame, *, value: str, title: str) -> alt.Chart:
    """Horizontal bars of a count per category (or any label column named 'category')."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y("category:N", sort="-x", title=None),
            tooltip=["category:N", f"{value}:Q"],
        )
        .properties(height=alt.Step(26))
    )


def burn_down_chart(frame: pd.DataFrame, projection: object | None = None) -> alt.Chart:
    """Public live streams per day by category (stacked areas), with the projected zero date if any."""
    base = (
        alt.Chart(_dated(frame, "day"))
        .mark_area(opacity=0.85)
        .encode(
            x=alt.X("day:T", title="Day (UTC)"),
            y=alt.Y("public_live:Q", title="Public live streams", stack="zero"),
            color=alt.Color("category:N", title="Category"),
            tooltip=["day:T", "category:N", "public_live:Q"],
        )
        .properties(height=300)
    )
    if projection is None or getattr(projection, "zero_date", None) is None or frame.empty:
        return base
    days = pd.to_datetime(frame["day"])
    if pd.Timestamp(projection.zero_date) > days.max() + (days.max() - days.min()):
        return base  # too far out to draw without squashing the data; the page states the date in words
    marks = _dated(pd.DataFrame({"day": [projection.zero_date],
                                 "label": [f"projected zero {projection.zero_date:%d %b}"]}), "day")
    rule = alt.Chart(marks).mark_rule(color="red", strokeDash=[4, 4]).encode(x="day:T", tooltip=["label:N"])
    band = _dated(pd.DataFrame({"start": [projection.earliest], "end": [projection.latest or projection.zero_date]}),
                  "start", "end")
    shade = alt.Chart(band).mark_rect(color="red", opacity=0.08).encode(x="start:T", x2="end:T")
    return alt.layer(shade, base, rule)


def breaches_chart(frame: pd.DataFrame) -> alt.Chart:
    """SLA breaches per hour of day, stacked by priority level."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("hour:O", title="Hour of day (UTC) the report arrived"),
            y=alt.Y("breached:Q", title="SLA breaches", stack="zero"),
            color=alt.Color("level:N", title="Priority", sort=["urgent", "high", "normal"],
                            scale=alt.Scale(domain=["urgent", "high", "normal"],
                                            range=["#d62728", "#ff7f0e", "#9ecae9"])),
            tooltip=["hour:O", "level:N", "reports:Q", "breached:Q"],
        )
        .properties(height=260)
    )


def coverage_chart(frame: pd.DataFrame) -> alt.Chart:
    """Report arrivals versus decisions per hour of day: where the 24-hour desk is thin."""
    long = frame.melt(id_vars="hour", value_vars=["arrivals_per_day", "decisions_per_day", "reviewers_per_day"],
                      var_name="series", value_name="per_day")
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("hour:O", title="Hour of day (UTC)"),
            y=alt.Y("per_day:Q", title="Per day (average)"),
            color=alt.Color("series:N", title=None),
            tooltip=["hour:O", "series:N", "per_day:Q"],
        )
        .properties(height=260)
    )


def throughput_chart(frame: pd.DataFrame) -> alt.Chart:
    """Decisions per reviewer over the period."""
    totals = frame.groupby("reviewer", as_index=False)["decisions"].sum()
    return (
        alt.Chart(totals)
        .mark_bar()
        .encode(x=alt.X("decisions:Q", title="Decisions"), y=alt.Y("reviewer:N", sort="-x", title=None),
                tooltip=["reviewer:N", "decisions:Q"])
        .properties(height=alt.Step(24))
    )


def purges_chart(frame: pd.DataFrame) -> alt.Chart:
    """Bars of evidence frames deleted per purge run."""
    return (
        alt.Chart(_dated(frame, "at"), title="Evidence frames deleted per purge run")
        .mark_bar()
        .encode(x=alt.X("at:T", title="Run (UTC)"), y=alt.Y("evidence_frames:Q", title="Frames deleted"),
                tooltip=["at:T", "by:N", "evidence_frames:Q", "scans:Q", "intake_rejections:Q", "login_sessions:Q",
                         "held_streams:Q"])
        .properties(height=220)
    )


def to_png(chart: alt.Chart) -> bytes:
    """The chart as a PNG, rendered offline with vl-convert."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_json(), scale=2)
