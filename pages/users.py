"""Users: create console accounts, change roles, deactivate, reset passwords."""
import pandas as pd
import streamlit as st

from dashboard.enums import Role
from dashboard.services.access import users
from dashboard.ui.auth import act, page
from dashboard.ui.dialogs import ask, confirmed
from dashboard.ui.formatting import label, readable
from dashboard.ui.i18n import t

with page("users") as viewer:
    rows = act(viewer, users.user_rows)
    st.dataframe(readable(pd.DataFrame(rows)), hide_index=True)
    if done := st.session_state.pop("users_done", None):
        st.success(done)
    create, manage = st.tabs([t("Create user"), t("Manage user")])
    with create, st.form("create_user", clear_on_submit=True):
        username = st.text_input(t("Username"))
        display_name = st.text_input(t("Display name"))
        role = st.selectbox(t("Role"), list(Role), format_func=label)
        password = st.text_input(t("Initial password"), type="password")
        if st.form_submit_button(t("Create"), type="primary"):
            act(viewer, users.create_user, username=username, display_name=display_name, role=role, password=password)
            st.success(t("Created {username}.", username=username))
    with manage:
        people = {f"{r['name']} ({r['username']}, {label(r['role'])}" + ("" if r["active"] else t(", deactivated"))
                  + ")": r for r in rows}
        chosen = st.selectbox(t("User"), list(people), index=None, placeholder=t("Choose a user"))
        target = people.get(chosen)
        reason = st.text_input(t("Reason (recorded in the audit log)"))
        role_column, active_column, password_column = st.columns(3)
        new_role = role_column.selectbox(t("New role"), list(Role), format_func=label, index=None,
                                           placeholder=t("Choose an option"))
        if role_column.button(t("Change role"), disabled=target is None or new_role is None):
            act(viewer, users.change_role, user_id=target["id"], role=new_role, reason=reason)
            st.session_state["users_done"] = t("{name} is now {role}.", name=target["name"], role=label(new_role).lower())
            st.rerun()
        if target and target["active"] and active_column.button(t("Deactivate")):
            ask("deactivate", target)
        if target and not target["active"] and active_column.button(t("Activate")):
            act(viewer, users.set_active, user_id=target["id"], active=True, reason=reason)
            st.session_state["users_done"] = t("{name} can sign in again.", name=target["name"])
            st.rerun()
        pending = st.session_state.get("pending_deactivate")
        if (who := confirmed(t("Deactivate this account?"), t(
                "{name} ({username}) is signed out everywhere and cannot sign in until reactivated.",
                name=pending["name"], username=pending["username"]) if pending else "",
                key="deactivate", action=t("Deactivate"))) is not None:
            act(viewer, users.set_active, user_id=who["id"], active=False, reason=reason)
            st.session_state["users_done"] = t("{name} was deactivated and signed out.", name=who["name"])
            st.rerun()
        new_password = password_column.text_input(t("New password"), type="password")
        if password_column.button(t("Reset password"), disabled=target is None):
            act(viewer, users.reset_password, user_id=target["id"], password=new_password)
            st.success(t("Password of {name} reset; any lockout was cleared.", name=target["name"]))
