"""Escalations: reports reviewers passed to a compliance lead; same claim and decide mechanics, plus undo."""
import streamlit as st

from dashboard.services import desk
from dashboard.services.desk import Queue
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
        decided = read(desk.undoable_reports)
        row = st.selectbox(t("Decided report (type to search by report id or stream)"), decided, index=None,
                           format_func=lambda r: f"{r.external_id} · {label(r.decision)} · {r.stream} · "
                                                 f"{local(r.decided_at)} by {r.decided_by}")
        reason = st.text_input(t("Why the decision is undone"), key="undo_reason")
        if st.button(t("Undo decision"), disabled=row is None):
            ask("undo", row)
        pending = st.session_state.get("pending_undo")
        message = (f"Report {pending.external_id} ({label(pending.decision)} on {pending.stream}) reopens, and its "
                   "effect on the stream is reversed (a takedown is restored)." if pending else "")
        if (chosen := confirmed("Undo this decision?", message, key="undo", action="Undo")) is not None:
            act(viewer, desk.undo, report_id=chosen.id, reason=reason)
            st.session_state["undo_done"] = f"Report {chosen.external_id} reopened."
            st.rerun()
    preset_editor(viewer)
