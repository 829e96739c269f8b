"""Takedowns and shutdown readiness: the wind-down at a glance for managers."""
from datetime import timedelta

import streamlit as st

from dashboard.db.base import utcnow
from dashboard.services import metrics
from dashboard.ui.auth import page
from dashboard.ui.charts import category_bars, takedowns_chart
from dashboard.ui.context import db
from dashboard.ui.navigation import BY_KEY

with page("shutdown_readiness") as viewer:
    days = st.slider("Days shown", min_value=7, max_value=90, value=60)
    with db() as session:
        checklist = metrics.readiness(session)
        per_day = metrics.takedowns_per_day(session, since=utcnow() - timedelta(days=days))
        live = metrics.public_live_by_category(session)
    st.subheader("Shutdown readiness")
    for item in checklist:
        icon = ":material/check_circle:" if item.ok else ":material/cancel:"
        colour = "green" if item.ok else "red"
        st.markdown(f":{colour}[{icon}] **{item.label}**: {item.count:,} — see *{BY_KEY[item.page].title}*")
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Takedowns per day")
        colour_by = st.radio("Colour by", ["reason", "source"], horizontal=True)
        if per_day.empty:
            st.info("No takedowns in this period.")
        else:
            st.altair_chart(takedowns_chart(per_day, color=colour_by), width="stretch")
    with right:
        st.subheader("Public streams still live")
        st.altair_chart(category_bars(live, value="streams", title="Public live streams"), width="stretch")
