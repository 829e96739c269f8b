"""Campus streams: none may be public; teachers set viewing passwords; parents' access can be tried here."""
import pandas as pd
import streamlit as st

from dashboard.enums import Role, Visibility
from dashboard.services.compliance import campus
from dashboard.ui.auth import act, page
from dashboard.ui.context import read, settings
from dashboard.ui.dialogs import ask, confirmed
from dashboard.ui.formatting import readable
from dashboard.ui.i18n import t
from dashboard.ui.pickers import stream_picker

with page("campus_streams") as viewer:
    view = act(viewer, campus.campus_view)
    overview, mine, may_sweep = pd.DataFrame(view.rows), view.own_streams, view.may_sweep
    if notice := st.session_state.pop("campus_notice", None):
        st.success(notice)
    public = overview[overview["visibility"] == Visibility.PUBLIC] if len(overview) else overview
    columns = st.columns(3)
    columns[0].metric(t("Live campus streams"), len(overview))
    columns[1].metric(t("Still public"), len(public))
    columns[2].metric(t("Without a password"), int((~overview["password set"]).sum()) if len(overview) else 0)
    if len(public):
        st.warning(t("{count} campus stream(s) are still public; policy says none may be.", count=len(public)))
        if may_sweep and st.button(t("Make every public campus stream private"), type="primary"):
            ask("campus_sweep", len(public))
        if confirmed(t("Make every public campus stream private?"),
                     t("{count} campus stream(s) will stop being public at once; parents then need the teacher's "
                       "viewing password. Each change is recorded in the audit log.", count=len(public)),
                     key="campus_sweep", action=t("Make {count} private", count=len(public))):
            changed = act(viewer, campus.sweep_public)
            st.session_state["campus_notice"] = t("{count} stream(s) switched to private sharing.", count=len(changed))
            st.rerun()
    else:
        st.success(t("No campus stream is public."))
    if viewer.role != Role.TEACHER:
        st.dataframe(readable(overview), hide_index=True)
    if view.teachers and view.schools:
        with st.expander(t("Authorise a teacher for a school")):
            teachers = {name: user_id for user_id, name in view.teachers}
            schools = {name: owner_id for owner_id, name in view.schools}
            teacher = st.selectbox(t("Teacher"), list(teachers), index=None, placeholder=t("Choose an option"))
            school = st.selectbox(t("School"), list(schools), index=None, placeholder=t("Choose an option"))
            if st.button(t("Authorise"), disabled=teacher is None or school is None):
                act(viewer, campus.grant_teacher, user_id=teachers[teacher], school_owner_id=schools[school])
                st.session_state["campus_notice"] = t("{teacher} may now set viewing passwords for {school}.",
                                                      teacher=teacher, school=school)
                st.rerun()
    if mine:
        st.subheader(t("Set the viewing password for parents"))
        labels = dict(mine)
        stream_id = st.selectbox(t("Your school's stream"), list(labels), format_func=labels.get)
        password = st.text_input(t("New viewing password (10+ characters)"), type="password", key="campus_pw")
        if st.button(t("Set password")):
            act(viewer, campus.set_password, stream_id=stream_id, password=password)
            st.success(t("Password set. Share it with the parents of this class only."))
    elif viewer.role == Role.TEACHER:
        st.info(t("Your account is not yet authorised for a school; ask a compliance lead."))
    with st.expander(t("Try parent access (as a parent would)")):
        stream_id = stream_picker(t("Campus stream"), key="parent_stream")
        attempt = st.text_input(t("Viewing password"), type="password", key="parent_pw")
        if st.button(t("Check"), disabled=stream_id is None):
            result = read(campus.check_parent_password, stream_id=stream_id, password=attempt, settings=settings())
            (st.success if result.allowed else st.error)(t(result.message, minutes=result.minutes))
