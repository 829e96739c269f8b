"""Escalations: reports reviewers passed to a compliance lead; same claim and decide mechanics, plus undo."""
import streamlit as st

from dashboard.services.desk.decisions import Queue, undo
from dashboard.services.desk.reports import undoable_reports
from dashboard.ui.auth import act, page
from dashboard.ui.context import read
from dashboard.ui.desk import preset_editor, render_desk
from dashboard.ui.dialogs import ask, confirmed
from dashboard.ui.formatting import label, local
from dashboard.ui.i18n import t

with page("escalations") as viewer:
    render_desk(viewer, Queue.ESCALATIONS)
    if done := st.session_state.pop("undo_done", None):
        st.success(done)
    with st.expander(t("Undo a decision (reopens the report and reverses its effect on the stream)")):
        decided = read(undoable_reports)
        row = st.selectbox(t("Decided report (type to search by report id or stream)"), decided, index=None,
                           placeholder=t("Choose an option"),
                           format_func=lambda r: f"{r.external_id} · {label(r.decision)} · {r.stream} · "
                                                 + t("{at} by {who}", at=local(r.decided_at), who=r.decided_by))
        reason = st.text_input(t("Why the decision is undone"), key="undo_reason")
        if st.button(t("Undo decision"), disabled=row is None):
            ask("undo", row)
        pending = st.session_state.get("pending_undo")
        message = t("Report {report} ({decision} on {stream}) reopens, and its effect on the stream is reversed (a "
                    "takedown is restored).", report=pending.external_id, decision=label(pending.decision),
                    stream=pending.stream) if pending else ""
        if (chosen := confirmed(t("Undo this decision?"), message, key="undo", action=t("Undo"))) is not None:
            act(viewer, undo, report_id=chosen.id, reason=reason)
            st.session_state["undo_done"] = t("Report {report} reopened.", report=chosen.external_id)
            st.rerun()
    preset_editor(viewer)
