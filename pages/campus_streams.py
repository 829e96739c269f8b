"""Campus streams: none may be public; teachers set viewing passwords; parents' access can be tried here."""
import pandas as pd
import streamlit as st

from dashboard.enums import Role
from dashboard.services.compliance import campus
from dashboard.ui.auth import act, page
from dashboard.ui.context import read, settings

with page("campus_streams") as viewer:
    view = act(viewer, campus.campus_view)
    overview, mine, may_sweep = pd.DataFrame(view.rows), view.own_streams, view.may_sweep
    if notice := st.session_state.pop("campus_notice", None):
        st.success(notice)
    public = overview[overview["visibility"] == "public"] if len(overview) else overview
    columns = st.columns(3)
    columns[0].metric("Live campus streams", len(overview))
    columns[1].metric("Still public", len(public))
    columns[2].metric("Without a password", int((~overview["password set"]).sum()) if len(overview) else 0)
    if len(public):
        st.warning(f"{len(public)} campus stream(s) are still public; policy says none may be.")
        if may_sweep and st.button("Make every public campus stream private", type="primary"):
            changed = act(viewer, campus.sweep_public)
            st.session_state["campus_notice"] = f"{len(changed)} stream(s) switched to private sharing."
            st.rerun()
    else:
        st.success("No campus stream is public.")
    if viewer.role != Role.TEACHER:
        st.dataframe(overview, hide_index=True)
    if mine:
        st.subheader("Set the viewing password for parents")
        labels = dict(mine)
        stream_id = st.selectbox("Your school's stream", list(labels), format_func=labels.get)
        password = st.text_input("New viewing password (10+ characters)", type="password", key="campus_pw")
        if st.button("Set password"):
            act(viewer, campus.set_password, stream_id=stream_id, password=password)
            st.success("Password set. Share it with the parents of this class only.")
    elif viewer.role == Role.TEACHER:
        st.info("Your account is not yet authorised for a school; ask a compliance lead.")
    with st.expander("Try parent access (as a parent would)"):
        stream_id = st.number_input("Stream id", min_value=1, step=1, value=None, key="parent_stream")
        attempt = st.text_input("Viewing password", type="password", key="parent_pw")
        if stream_id and st.button("Check"):
            result = read(campus.check_parent_password, stream_id=int(stream_id), password=attempt, settings=settings())
            (st.success if result.allowed else st.error)(result.message)
