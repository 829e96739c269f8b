"""Entry point: streamlit run app.py (sign-in gate, role -> pages, st.navigation; app.py adds the cookie routes)."""
from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from dashboard.errors import ConfigError
from dashboard.incidents import log_page_time, log_to_file
from dashboard.ui.auth import (
    APP_RAN, current_viewer, follow_deep_link, language_picker, login_page, logout, password_form, remember_deep_link,
    sync_cookie,
)
from dashboard.ui.context import settings
from dashboard.ui.errors import error_boundary
from dashboard.ui.evidence import wellness_form
from dashboard.ui.formatting import label
from dashboard.ui.i18n import t
from dashboard.ui import routing
from dashboard.ui.widget_words import widget_words

ICON = Path(__file__).resolve().parent / "dashboard" / "ui" / "assets" / "favicon.png"

# The tab icon is a file of the project: a material icon name made every page fetch it from a font server.
st.set_page_config(page_title="审核控制台 · Moderation console", page_icon=str(ICON), layout="wide")

try:
    log_to_file(settings().data_dir)
except ConfigError as error:
    st.error(f"**{error.title}** — {error}")
    st.stop()

with error_boundary():  # one boundary for everything below: a short message and a reference, never a traceback
    st.session_state[APP_RAN] = True
    viewer = current_viewer()
    sync_cookie()
    widget_words()
    if viewer is None:
        remember_deep_link()
        navigation = st.navigation(routing.signed_out(login_page), position="hidden")
    else:
        navigation = st.navigation(routing.signed_in(viewer.role))
        follow_deep_link(viewer, current_title=navigation.title)
        with st.sidebar:
            st.markdown(f"**{viewer.display_name}**  \n{t(label(viewer.role))}")
            if st.button(t("Sign out"), icon=":material/logout:"):
                logout()
                st.rerun()
            language_picker(viewer)
            password_form()
            wellness_form(viewer)
    started = time.perf_counter()
    try:
        navigation.run()
    finally:  # also when the page ends with st.stop() or st.rerun()
        if settings().log_page_timings:
            log_page_time(settings().data_dir, navigation.title, time.perf_counter() - started)
