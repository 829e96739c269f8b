"""Stream lookup: find a stream, see its history, take it down, make it private or restore it."""
import streamlit as st

from dashboard.enums import StreamState, TakedownReason, TakedownSource, Visibility
from dashboard.services.streams.moderation import find_streams, make_private, restore, stream_view, take_down
from dashboard.services.access.permissions import Action
from dashboard.ui.auth import act, page
from dashboard.ui.context import read
from dashboard.ui.formatting import label, local, readable
from dashboard.ui.i18n import t
from dashboard.ui.retention import legal_hold_panel
from dashboard.ui.text import plain

with page("streams") as viewer:
    text = st.text_input(t("Search by stream id, title or owner"), value=st.query_params.get("stream", ""),
                         placeholder=t("e.g. {example}", example="str-000042"))
    if not text.strip():
        st.info(t("Search for a stream to see its history and act on it."))
        st.stop()
    found = read(find_streams, text=text)
    if found.empty:
        st.info(t("No stream matches."))
        st.stop()
    selection = st.dataframe(readable(found), hide_index=True, on_select="rerun", selection_mode="single-row")
    rows = selection.selection.rows
    if not rows and len(found) > 1:
        st.info(t("{count} streams match: select one in the table.", count=len(found)))
        st.stop()
    stream_id = int(found.iloc[rows[0] if rows else 0]["id"])
    view = act(viewer, stream_view, stream_id=stream_id)
    may = view.may
    st.subheader(f"{plain(view.title)} · {plain(view.external_id)}")
    st.markdown(" · ".join(f"{label(k)} :gray-badge[{plain(label(v))}]" for k, v in view.facts.items()))
    st.caption(t("Source: {source}", source=view.source or t("none registered")))
    for takedown in view.takedowns:
        restored = t(", restored {at}", at=local(takedown.restored_at)) if takedown.restored_at else ""
        st.markdown("- " + t("{at}: **{reason}** via {source}", at=local(takedown.created_at),
                             reason=label(takedown.reason), source=label(takedown.source).lower())
                    + f"{restored} — {plain(takedown.note)}")
    reason = st.text_input(t("Reason (required, recorded in the audit log)"))
    columns = st.columns(3)
    if may[Action.TAKE_DOWN_STREAM] and view.open_takedown is None and view.state != StreamState.SHUT_DOWN:
        code = columns[0].selectbox(t("Takedown reason"),
                                    [r.value for r in TakedownReason if r != TakedownReason.SHUTDOWN],
                                    format_func=label)
        if columns[0].button(t("Take down"), type="primary"):
            act(viewer, take_down, stream_id=stream_id, reason=TakedownReason(code),
                source=TakedownSource.POLICY_SWEEP, note=reason)
            st.rerun()
    public = view.visibility == Visibility.PUBLIC
    if may[Action.MAKE_STREAM_PRIVATE] and public and columns[1].button(t("Make private")):
        act(viewer, make_private, stream_id=stream_id, reason=reason)
        st.rerun()
    if may[Action.RESTORE_STREAM] and view.open_takedown and columns[2].button(t("Restore (undo takedown)")):
        act(viewer, restore, takedown_id=view.open_takedown.id, reason=reason)
        st.rerun()
    legal_hold_panel(viewer, view)
