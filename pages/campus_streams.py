"""Campus streams: none may be public."""
import streamlit as st

from dashboard.db.enums import Category, StreamState, Visibility
from dashboard.services import streams
from dashboard.ui.auth import page
from dashboard.ui.context import db

with page("campus_streams") as viewer:
    with db() as session:
        by_visibility = streams.count_by(session, column="visibility", category=Category.CAMPUS,
                                         state=StreamState.LIVE)
        public = streams.list_streams(session, category=Category.CAMPUS, state=StreamState.LIVE,
                                      visibility=Visibility.PUBLIC)
    columns = st.columns(3)
    for column, vis in zip(columns, Visibility):
        column.metric(f"Live campus, {vis.value.replace('_', ' ')}", by_visibility.get(vis.value, 0))
    if len(public):
        st.warning(f"{len(public)} campus stream(s) are still public; policy says none may be.")
        st.dataframe(public, hide_index=True)
    else:
        st.success("No campus stream is public.")
