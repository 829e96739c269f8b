"""Escalations: reports reviewers passed to a compliance lead; same claim and decide mechanics, plus undo."""
import streamlit as st

from dashboard.services import desk
from dashboard.services.desk import Queue
from dashboard.ui.auth import act, page
from dashboard.ui.desk import render_desk

with page("escalations") as viewer:
    render_desk(viewer, Queue.ESCALATIONS)
    with st.expander("Undo a decision (reopens the report and reverses its effect on the stream)"):
        report_id = st.number_input("Report id", min_value=1, step=1, value=None)
        reason = st.text_input("Why the decision is undone", key="undo_reason")
        if report_id and st.button("Undo decision"):
            act(viewer, desk.undo, report_id=int(report_id), reason=reason)
            st.success(f"Report {report_id} reopened.")
