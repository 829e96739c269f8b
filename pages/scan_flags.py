"""Scan flags: streams the detectors think show public foot traffic, for a reviewer to decide."""
import streamlit as st

from dashboard.db.enums import FlagStatus
from dashboard.services import flags
from dashboard.ui.auth import page
from dashboard.ui.context import db

with page("scan_flags") as viewer:
    with db() as session:
        open_flags = flags.list_flags(session, status=FlagStatus.OPEN)
    st.metric("Open flags", len(open_flags))
    st.caption("Evidence frames are stored only after anonymisation (faces and heads blurred); "
               "the original frame is never stored and cannot be shown.")
    st.dataframe(open_flags, hide_index=True)
