"""Welfare audits: poverty-alleviation and ecological-agriculture streams and their certification."""
import pandas as pd
import streamlit as st

from dashboard.db.enums import WELFARE_CATEGORIES, StreamState
from dashboard.services import streams
from dashboard.ui.auth import page
from dashboard.ui.charts import category_bars
from dashboard.ui.context import db

with page("welfare_audits") as viewer:
    with db() as session:
        live = streams.list_streams(session, state=StreamState.LIVE, categories=list(WELFARE_CATEGORIES), limit=5000)
    counts = live.groupby("welfare_certification").size().reset_index(name="streams").rename(
        columns={"welfare_certification": "category"}) if len(live) else pd.DataFrame(columns=["category", "streams"])
    st.altair_chart(category_bars(counts, value="streams", title="Live welfare streams by certification"),
                    width="stretch")
    st.subheader("Due for (re)certification, oldest first")
    due = live[live["welfare_certification"] != "certified"] if len(live) else live
    st.dataframe(due.sort_values("id") if len(due) else due, hide_index=True)
