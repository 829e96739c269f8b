"""Every page path of the console answers, signed in or not: a link from chat never meets "Page not found".

Streamlit serves its default page at `/` only, and a path missing from the current navigation shows its own
English "Page not found". So every page has its own path (the role's first page is also served at `/`), a
signed-out visitor to any page path gets the sign-in form there (the link is kept and followed after signing
in), and a page the role may not open says so in the console's language.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard.enums import Role
from dashboard.ui.i18n import t
from dashboard.ui.navigation import PAGES, pages_for


def signed_out(login: Callable[[], None]) -> list[StreamlitPage]:
    """The sign-in form at `/` and, hidden, at every page path."""
    title = t("Sign in")
    return [st.Page(login, title=title, icon=":material/login:", default=True)] + [
        st.Page(login, title=title, url_path=spec.key, visibility="hidden") for spec in PAGES]


def signed_in(role: Role) -> dict[str, list[StreamlitPage]]:
    """The role's pages by section (the first also at `/`), and a hidden notice at the paths it may not open."""
    allowed = pages_for(role)
    first = allowed[0]
    sections: dict[str, list[StreamlitPage]] = {}
    for spec in allowed:  # the default page's own url_path is ignored, so the first page is listed under "start"
        sections.setdefault(t(spec.section), []).append(st.Page(
            spec.path, title=t(spec.title), icon=spec.icon, url_path="start" if spec is first else spec.key,
            default=spec is first))
    # Its own path runs it too (a switch_page from `/` would drop the sign-in run's cookie script).
    hidden = [st.Page(first.path, title=t(first.title), url_path=first.key, visibility="hidden")]
    hidden += [st.Page(_not_for_role, title=t(spec.title), url_path=spec.key, visibility="hidden")
               for spec in PAGES if spec not in allowed]
    sections[t(first.section)] += hidden
    return sections


def _not_for_role() -> None:
    st.warning(t("This link opens a page your role cannot see."))
