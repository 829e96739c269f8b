"""Enablement: live broadcast is off by default; five recorded steps, in order, turn it on."""
import streamlit as st

from dashboard.enums import CheckStatus, EnablementStep
from dashboard.services.compliance import enablement
from dashboard.ui.auth import act, page
from dashboard.messages import N_
from dashboard.ui.formatting import label
from dashboard.ui.i18n import t
from dashboard.ui.pickers import stream_picker
from dashboard.ui.text import plain

STEP_TEXT = {
    EnablementStep.REAL_NAME: N_("Owner's real name verified"),
    EnablementStep.TERMS: N_("Broadcast terms accepted"),
    EnablementStep.CATEGORY_DECLARED: N_("Category and place type declared"),
    EnablementStep.CATEGORY_REQUIREMENT: N_("Category requirement met (sticker / campus password / welfare "
                                            "certification)"),
    EnablementStep.BACKGROUND_REVIEW: N_("Background review approved by a compliance lead"),
}

with page("enablement") as viewer:
    with st.container(border=True):
        stream_id = stream_picker(t("Stream to enable (broadcast currently off)"), key="enable")
        if st.button(t("Start enablement"), disabled=stream_id is None):
            request = act(viewer, enablement.start, stream_id=stream_id)
            st.success(t("Enablement started: five recorded steps follow below."))
    view = act(viewer, enablement.requests_view)
    st.metric(t("Requests in progress"), len(view.requests))
    for row in view.requests:
        request_id, title, stream_id, step, done = row.id, row.title, row.stream_id, row.next_step, row.done
        with st.container(border=True):
            st.markdown(f"**{plain(row.external_id)}** · {plain(title)}")
            for record_step, outcome, who, note in done:
                icon = ":material/check:" if outcome == CheckStatus.PASSED else ":material/close:"
                st.markdown(f"{icon} {t(STEP_TEXT[record_step])} — " + t("{outcome} by {who}", outcome=label(outcome),
                                                                        who=plain(who))
                            + (f": {plain(note)}" if note else ""))
            st.markdown(t("Next: **{step}**", step=t(STEP_TEXT[step])))
            if step == EnablementStep.BACKGROUND_REVIEW and not view.may_approve:
                st.caption(t("Waiting for a compliance lead."))
                continue
            note = st.text_input(t("Note (required when the step fails)"), key=f"note_{request_id}")
            ok, fail = st.columns(2)
            for column, passed, word in ((ok, True, N_("Passed")), (fail, False, N_("Failed"))):
                if column.button(t(word), key=f"{word}_{request_id}"):
                    act(viewer, enablement.record_step, request_id=request_id, step=step, passed=passed, note=note)
                    st.rerun()
