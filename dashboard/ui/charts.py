"""Altair chart builders for the console's pages."""
from __future__ import annotations

import altair as alt
import pandas as pd


def takedowns_chart(frame: pd.DataFrame, *, color: str = "reason") -> alt.Chart:
    """Stacked bars of takedowns per day, coloured by reason or source."""
    grouped = frame.groupby(["day", color], as_index=False)["takedowns"].sum()
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
        .properties(height=max(120, 28 * len(frame)))
    )
