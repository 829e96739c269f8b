"""The desk's keyboard order: decision (Alt+1..4) -> preset reason -> note -> record (Ctrl+Enter).

Streamlit leaves focus where a click or key left it and puts table toolbars (search, download, full screen) in
the Tab order; these page scripts move focus forward after each step, keep Tab out of toolbars, let Esc leave a
field, and send a note while it is typed.
"""
from __future__ import annotations

import json

import streamlit as st

NOTE_SEND_AFTER_MS = 700  # a pause in typing this long sends the note (and keeps it in the draft)

_ONCE = """<script>(() => {
    if (window.consoleDeskKeys) return;
    window.consoleDeskKeys = true;
    const untab = () => document.querySelectorAll(
        '[data-testid="stElementToolbar"] button, [data-testid="stElementToolbar"] a').forEach((element) => {
            if (element.getAttribute("tabindex") !== "-1") element.setAttribute("tabindex", "-1");
        });
    untab();
    new MutationObserver(untab).observe(document.body, {childList: true, subtree: true});
    document.addEventListener("keydown", (event) => {
        const field = document.activeElement;
        if (event.key === "Escape" && field && ["INPUT", "TEXTAREA"].includes(field.tagName)
                && field.getAttribute("aria-expanded") !== "true") {
            field.blur();
        }
    }, true);
})();</script>"""


def desk_keys() -> None:
    """Keep table toolbars out of the Tab order and let Esc leave a text field (installed once per tab)."""
    st.html(_ONCE, unsafe_allow_javascript=True)


def focus(selector: str) -> None:
    """Put the keyboard on the first element matching the CSS selector once it is on the page."""
    st.html(f"""<script>(() => {{
        let tries = 0;
        const go = () => {{
            const element = document.querySelector({json.dumps(selector)});
            if (element) element.focus(); else if (tries++ < 30) setTimeout(go, 100);
        }};
        setTimeout(go, 50);
    }})();</script>""", unsafe_allow_javascript=True)


def keep_typing(note_key: str) -> None:
    """Send the note to the server a moment after the last keystroke, the cursor staying where it is.

    Streamlit sends a text area only when it loses focus (or on Ctrl+Enter, which records the decision here), so
    a note typed with the cursor still in the box was lost when the claim ran out. Leaving and re-entering the
    box is what sends it; the rerun that follows keeps it in the draft table.
    """
    st.html(f"""<script>(() => {{
        const find = () => document.querySelector(".st-key-{note_key} textarea");
        const watch = (box) => {{
            if (box.dataset.kept) return;
            box.dataset.kept = "1";
            let timer;
            box.addEventListener("input", () => {{
                clearTimeout(timer);
                timer = setTimeout(() => {{
                    if (document.activeElement !== box) return;
                    const start = box.selectionStart, end = box.selectionEnd;
                    box.blur();
                    box.focus();
                    box.setSelectionRange(start, end);
                }}, {NOTE_SEND_AFTER_MS});
            }});
        }};
        let tries = 0;
        const wait = () => {{ const box = find(); if (box) watch(box); else if (tries++ < 50) setTimeout(wait, 100); }};
        wait();
    }})();</script>""", unsafe_allow_javascript=True)
