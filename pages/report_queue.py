"""Report queue: the 24-hour desk's view of open reports, most urgent first."""
import streamlit as st

from dashboard.services import reports
from dashboard.ui.auth import page
from dashboard.ui.context import db

with page("report_queue") as viewer:
    with db() as session:
        overview = reports.queue_overview(session)
        urgent = reports.list_open(session, limit=100)
    columns = st.columns(4)
    columns[0].metric("Open reports", int(overview["open"].sum()) if len(overview) else 0)
    columns[1].metric("Past SLA", int(overview["breached"].sum()) if len(overview) else 0)
    columns[2].metric("Claimed now", int(overview["claimed"].sum()) if len(overview) else 0)
    columns[3].metric("Oldest waiting", overview["oldest"].min().strftime("%d %b %H:%M") if len(overview) else "—")
    st.subheader("By priority")
    st.dataframe(overview, hide_index=True)
    st.subheader("Most urgent open reports")
    st.dataframe(urgent, hide_index=True,
                 column_config={"received_at": st.column_config.DatetimeColumn("Received"),
                                "sla_due_at": st.column_config.DatetimeColumn("SLA due")})
