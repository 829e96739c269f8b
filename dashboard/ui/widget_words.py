"""Streamlit's own widget texts that no parameter sets (a searchable select box's "No results"), put into the
reader's language in the browser: installed once per tab, the words refreshed on every run (a language switch)."""
from __future__ import annotations

import json

import streamlit as st

from dashboard.messages import N_
from dashboard.ui.i18n import t

FIXED_TEXTS = (N_("No results"),)

_SWAP = """<script>(() => {
    window.consoleWords = %s;
    if (window.consoleWordsObserver) return;
    const swap = () => document.querySelectorAll('[role="listbox"], [role="listbox"] *').forEach((element) => {
        const words = window.consoleWords, said = element.textContent;
        if (element.childElementCount === 0 && words[said] && words[said] !== said) element.textContent = words[said];
    });
    window.consoleWordsObserver = new MutationObserver(swap);
    window.consoleWordsObserver.observe(document.body, {childList: true, subtree: true});
})();</script>"""


def widget_words() -> None:
    """Say Streamlit's fixed widget texts in the reader's language (called once per page run)."""
    words = {text: t(text) for text in FIXED_TEXTS}
    st.html(_SWAP % json.dumps(words, ensure_ascii=False), unsafe_allow_javascript=True)
