"""Confirmations for sweeping or destructive actions: a dialog that says what will change before anything does.

A page calls ask(key, payload) when the button is pressed, and confirmed(...) on every run: the dialog stays
open (also across full reruns) until Confirm or Cancel; confirmed() returns the payload once, after Confirm.
"""
from __future__ import annotations

import streamlit as st
from dashboard.ui.i18n import t


def ask(key: str, payload: object = True) -> None:
    """Open the confirmation named key for this payload (what the action will apply to)."""
    st.session_state[f"pending_{key}"] = payload


def _cancel(key: str) -> None:
    st.session_state.pop(f"pending_{key}", None)


def confirmed(title: str, message: str, *, key: str, action: str | None = None) -> object | None:
    """The payload once Confirm was pressed; meanwhile the open dialog (if any) is shown."""
    if (payload := st.session_state.pop(f"confirmed_{key}", None)) is not None:
        return payload
    if f"pending_{key}" not in st.session_state:
        return None

    @st.dialog(title, on_dismiss=lambda: _cancel(key))
    def _dialog() -> None:
        st.write(message)
        yes, no = st.columns(2)
        if yes.button(action or t("Confirm"), type="primary", key=f"yes_{key}"):
            st.session_state[f"confirmed_{key}"] = st.session_state.pop(f"pending_{key}")
            st.rerun()
        if no.button(t("Cancel"), key=f"no_{key}"):
            _cancel(key)
            st.rerun()

    _dialog()
    return None
