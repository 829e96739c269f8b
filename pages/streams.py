"""Stream lookup: find a stream, see its history, take it down, make it private or restore it."""
import streamlit as st

from dashboard.db.enums import TakedownReason, TakedownSource
from dashboard.services import streams
from dashboard.services.permissions import Action, can
from dashboard.ui.auth import act, acting, page
from dashboard.ui.context import read

with page("streams") as viewer:
    text = st.text_input("Search by id, external id, title or owner", placeholder="e.g. str-000042 or Shop")
    found = read(streams.find_streams, text=text)
    if found.empty:
        st.info("No stream matches.")
        st.stop()
    selection = st.dataframe(found, hide_index=True, on_select="rerun", selection_mode="single-row")
    rows = selection.selection.rows
    stream_id = int(found.iloc[rows[0] if rows else 0]["id"])
    with acting(viewer) as (session, actor):
        stream = streams.get_stream(session, stream_id=stream_id)
        st.subheader(f"{stream.title} · {stream.external_id}")
        facts = streams.snapshot(stream) | {"place": stream.place_type.value, "owner": stream.owner.name}
        st.markdown(" · ".join(f"{k.replace('_', ' ').capitalize()} :gray-badge[{str(v).replace('_', ' ')}]"
                               for k, v in facts.items()))
        st.caption(f"Source: {stream.source_uri or 'none registered'}")
        history = streams.takedown_history(session, stream_id=stream_id)
        may = {action: can(actor, action) for action in Action}
    for takedown in history:
        restored = f", restored {takedown.restored_at:%d %b %H:%M}" if takedown.restored_at else ""
        st.markdown(f"- {takedown.created_at:%d %b %Y %H:%M}: **{takedown.reason.value}** via "
                    f"{takedown.source.value}{restored} — {takedown.note}")
    reason = st.text_input("Reason (required, recorded in the audit log)")
    columns = st.columns(3)
    if may[Action.TAKE_DOWN_STREAM]:
        code = columns[0].selectbox("Takedown reason", [r.value for r in TakedownReason if r != TakedownReason.SHUTDOWN])
        if columns[0].button("Take down", type="primary"):
            act(viewer, streams.take_down, stream_id=stream_id, reason=TakedownReason(code),
                source=TakedownSource.POLICY_SWEEP, note=reason)
            st.rerun()
    if may[Action.MAKE_STREAM_PRIVATE] and columns[1].button("Make private"):
        act(viewer, streams.make_private, stream_id=stream_id, reason=reason)
        st.rerun()
    open_takedowns = [t for t in history if t.restored_at is None]
    if may[Action.RESTORE_STREAM] and open_takedowns and columns[2].button("Restore (undo takedown)"):
        act(viewer, streams.restore, takedown_id=open_takedowns[0].id, reason=reason)
        st.rerun()
