"""Audit log: every state change, filterable, exportable as CSV."""
from datetime import datetime, time

import streamlit as st

from dashboard.services.access import audit
from dashboard.services.tables.spreadsheet import for_excel
from dashboard.ui.auth import act, page
from dashboard.ui.context import settings
from dashboard.ui import audit_words
from dashboard.ui.formatting import label, number, readable, zone, zone_name
from dashboard.ui.i18n import t

with page("audit_log") as viewer:
    options = act(viewer, audit.distinct_values)
    columns = st.columns(4)
    actor_name = columns[0].selectbox(t("Actor"), [""] + options["actor_name"])
    action = columns[1].selectbox(t("Action"), [""] + options["action"],
                                  format_func=lambda code: audit_words.action(code) if code else "")
    entity_type = columns[2].selectbox(t("Entity type"), [""] + options["entity_type"], format_func=label)
    entity_id = columns[3].text_input(t("Entity id"))
    since = st.date_input(t("Since ({zone})", zone=zone_name()), value=None)
    flt = audit.AuditFilter(actor_name=actor_name or None, action=action or None, entity_type=entity_type or None,
                            entity_id=entity_id.strip() or None,
                            since=datetime.combine(since, time.min, tzinfo=zone()) if since else None)
    view = act(viewer, audit.events_view, flt=flt, limit=500)
    st.caption(t("{total} matching event(s); showing the newest {shown}.", total=number(view.total),
                 shown=len(view.rows)))
    st.dataframe(readable(audit_words.events_table(view.rows)), hide_index=True)
    if st.button(t("Prepare CSV export"), icon=":material/download:"):
        st.session_state["audit_csv"] = act(viewer, audit.export_csv, flt=flt, tz=settings().timezone,
                                            header=[label(c) for c in audit.EXPORT_COLUMNS])
    if "audit_csv" in st.session_state:
        st.download_button(t("Download audit.csv"), for_excel(st.session_state["audit_csv"]), file_name="audit.csv",
                           mime="text/csv", on_click="ignore")
