"""Consent stickers: merchants' streams by sticker state."""
import pandas as pd
import streamlit as st

from dashboard.db.enums import Category, StreamState
from dashboard.services import streams
from dashboard.ui.auth import page
from dashboard.ui.charts import category_bars
from dashboard.ui.context import db

MERCHANT = [Category.SHOP, Category.RESTAURANT]

with page("consent_stickers") as viewer:
    with db() as session:
        live = streams.list_streams(session, state=StreamState.LIVE, categories=MERCHANT, limit=5000)
    counts = live.groupby("sticker_status").size().reset_index(name="streams").rename(
        columns={"sticker_status": "category"}) if len(live) else pd.DataFrame(columns=["category", "streams"])
    st.altair_chart(category_bars(counts, value="streams", title="Live merchant streams by sticker state"),
                    width="stretch")
    st.subheader("Live merchant streams without a verified sticker")
    st.dataframe(live[live["sticker_status"] != "verified"] if len(live) else live,
                 hide_index=True)
