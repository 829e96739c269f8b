"""Users: create console accounts, change roles, deactivate, reset passwords."""
import pandas as pd
import streamlit as st

from dashboard.enums import Role
from dashboard.services.access import users
from dashboard.ui.auth import act, page

with page("users") as viewer:
    table = pd.DataFrame(act(viewer, users.user_rows))
    st.dataframe(table, hide_index=True)
    create, manage = st.tabs(["Create user", "Manage user"])
    with create, st.form("create_user", clear_on_submit=True):
        username = st.text_input("Username")
        display_name = st.text_input("Display name")
        role = st.selectbox("Role", [r.value for r in Role])
        password = st.text_input("Initial password", type="password")
        if st.form_submit_button("Create", type="primary"):
            act(viewer, users.create_user, username=username, display_name=display_name, role=role, password=password)
            st.success(f"Created {username}.")
    with manage:
        choice = st.selectbox("User", table["username"].tolist() if len(table) else [])
        reason = st.text_input("Reason (recorded in the audit log)")
        target = int(table.loc[table["username"] == choice, "id"].iloc[0]) if choice else None
        columns = st.columns(3)
        if target and columns[0].button("Deactivate"):
            act(viewer, users.set_active, user_id=target, active=False, reason=reason)
            st.rerun()
        if target and columns[1].button("Activate"):
            act(viewer, users.set_active, user_id=target, active=True, reason=reason)
            st.rerun()
        new_password = st.text_input("New password", type="password")
        if target and columns[2].button("Reset password"):
            act(viewer, users.reset_password, user_id=target, password=new_password)
            st.success("Password reset; any lockout was cleared.")
