"""The desk's keyboard order: decision (Alt+1..4) -> preset reason -> note -> record (Ctrl+Enter).

Streamlit leaves focus where a click or key left it and puts table toolbars (search, download, full screen) in
the Tab order; these page scripts move focus forward after each step, keep Tab out of toolbars, let Esc leave a
field, send a note while it is typed, and record from inside the note only after the note was sent.
"""
from __future__ import annotations

import json

import streamlit as st

NOTE_SEND_AFTER_MS = 700  # a pause in typing this long sends the note (and keeps it in the draft)
NOTE_RESTORE_EVERY_MS = 400  # how often the tab checks that a page run has not replaced the typed note

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
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && field?.tagName === "TEXTAREA"
                && field.closest('[class*="st-key-note_"]')) {
            // Record from inside the note in a fixed order: the note is sent first (on leaving the box), then
            // the click; the box's own Ctrl+Enter and the button's shortcut do not race on the same keystroke.
            event.preventDefault();
            event.stopImmediatePropagation();
            field.blur();
            setTimeout(() => document.querySelector('[class*="st-key-record_"] button:not([disabled])')?.click(), 0);
        }
    }, true);
})();</script>"""


def desk_keys() -> None:
    """Keep table toolbars out of the Tab order and let Esc leave a text field (installed once per tab)."""
    st.html(_ONCE, unsafe_allow_javascript=True)


def _on_element(selector: str, action: str) -> None:
    """Run the JavaScript `action` on `element`, the first match of the CSS selector, once it is on the page."""
    st.html(f"""<script>(() => {{
        let tries = 0;
        const wait = () => {{
            const element = document.querySelector({json.dumps(selector)});
            if (element) {{ {action} }} else if (tries++ < 50) setTimeout(wait, 100);
        }};
        setTimeout(wait, 50);
    }})();</script>""", unsafe_allow_javascript=True)


def focus(selector: str, *, scroll_to: str | None = None) -> None:
    """Put the keyboard on the first element matching the CSS selector (scrolling the element with id
    `scroll_to` to the top first)."""
    scroll = f"document.getElementById({json.dumps(scroll_to)})?.scrollIntoView({{block: 'start'}});" \
        if scroll_to else ""
    _on_element(selector, f"{scroll} element.focus();")


def keep_typing(note_key: str) -> None:
    """Send the note to the server a moment after the last keystroke, the cursor staying where it is, and put the
    typed text back if a page run replaces it.

    Streamlit sends a text area only when it loses focus (or on Ctrl+Enter, which records the decision here), so
    a note typed with the cursor still in the box was lost when the claim ran out. Leaving and re-entering the
    box is what sends it; the rerun that follows keeps it in the draft table. A run still streaming while the
    reviewer types can set the box back to what the server had (blank, under load); the tab keeps what was typed
    (sessionStorage, per report) and restores it, then sends it.
    """
    _on_element(f".st-key-{note_key} textarea", f"""
        if (element.dataset.kept) return;
        element.dataset.kept = "1";
        const store = {json.dumps("console-note:" + note_key)};
        const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
        const send = () => {{
            const held = document.activeElement, start = element.selectionStart, end = element.selectionEnd;
            element.focus();
            element.blur();
            if (held === element) {{ element.focus(); element.setSelectionRange(start, end); }}
            else held?.focus?.();
        }};
        let timer, restored = 0;  // restored: a box that will not take the text back is not fought over forever
        element.addEventListener("input", (event) => {{
            if (event.isTrusted) {{ sessionStorage.setItem(store, element.value); restored = 0; }}
            clearTimeout(timer);
            timer = setTimeout(() => {{ if (document.activeElement === element) send(); }}, {NOTE_SEND_AFTER_MS});
        }});
        const watch = setInterval(() => {{
            if (!element.isConnected) {{ clearInterval(watch); return; }}
            const kept = sessionStorage.getItem(store);
            if (kept && element.value !== kept && restored++ < 5) {{
                setValue.call(element, kept);
                element.dispatchEvent(new Event("input", {{bubbles: true}}));
                send();
            }}
        }}, {NOTE_RESTORE_EVERY_MS});""")
