"""Streamlit's own widget texts that no parameter sets (a searchable select box's "No results", the file drop
zone's instructions and button), put into the reader's language in the browser: installed once per tab, the
words refreshed on every run (a language switch)."""
from __future__ import annotations

import json

import streamlit as st

from dashboard.messages import N_
from dashboard.ui.i18n import t

FIXED_TEXTS = (N_("No results"), N_("Drag and drop a file here"), N_("Drag and drop files here"), N_("Upload"))
PER_FILE = N_("{size} per file")  # the drop zone's size limit, "200MB per file • JPG, PNG"

_SWAP = """<script>(() => {
    window.consoleWords = %s;
    if (window.consoleWordsObserver) return;
    const places = '[role="listbox"], [role="listbox"] *, [data-testid="stFileUploaderDropzone"] *';
    const said = (text) => {
        const words = window.consoleWords, limit = /^(\\S+) per file(.*)$/s.exec(text);
        if (limit) return words["{size} per file"].replace("{size}", limit[1]) + limit[2];
        return words[text];
    };
    const swap = () => document.querySelectorAll(places).forEach((element) => {
        const text = element.textContent, better = element.childElementCount === 0 && said(text);
        if (better && better !== text) element.textContent = better;
    });
    window.consoleWordsObserver = new MutationObserver(swap);
    window.consoleWordsObserver.observe(document.body, {childList: true, subtree: true, characterData: true});
    swap();
})();</script>"""


def widget_words() -> None:
    """Say Streamlit's fixed widget texts in the reader's language (called once per page run)."""
    words = {text: t(text) for text in (*FIXED_TEXTS, PER_FILE)}
    st.html(_SWAP % json.dumps(words, ensure_ascii=False), unsafe_allow_javascript=True)
