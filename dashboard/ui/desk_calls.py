"""The desk's call for urgent work: a toast when an urgent or nearly late report arrives, its count in the tab
title, and an optional tone (at most one a minute) each reviewer turns on for this session."""
from __future__ import annotations

import time

import streamlit as st

from dashboard.services.desk import reports
from dashboard.ui.i18n import t

SOUND_KEY = "desk_sound"
SOUND_GAP_SECONDS = 60.0


def sound_switch() -> None:
    """The sidebar switch for the tone."""
    st.sidebar.toggle(t("Sound for urgent reports"), key=SOUND_KEY,
                      help=t("A short tone, at most once a minute, when an urgent report or one about to pass its "
                             "SLA arrives."))


def call(calling: list[reports.Calling], *, queue_name: str) -> None:
    """Toast the calling reports this page has not seen yet, keep the tab title's count, maybe play the tone."""
    seen_key = f"desk_seen_{queue_name}"
    seen = st.session_state.get(seen_key)
    new = [c for c in calling if seen is not None and c.id not in seen]
    st.session_state[seen_key] = {c.id for c in calling} | (seen or set())
    if new:
        st.toast(_toast_text(new), icon=":material/notification_important:")
    _tab_count(len(calling), tone=bool(new) and _tone_due())


def _toast_text(new: list[reports.Calling]) -> str:
    urgent = [c.external_id for c in new if c.urgent]
    soon = [c.external_id for c in new if c.due_soon and not c.urgent]
    parts = []
    if urgent:
        parts.append(t("New urgent report(s): {reports}", reports=", ".join(urgent[:3])
                       + ("…" if len(urgent) > 3 else "")))
    if soon:
        parts.append(t("{n} report(s) due within 15 minutes", n=len(soon)))
    return " · ".join(parts)


def _tone_due() -> bool:
    """The tone is on and none played in the last minute."""
    if not st.session_state.get(SOUND_KEY):
        return False
    last = st.session_state.get("desk_sound_at", 0.0)
    if time.monotonic() - last < SOUND_GAP_SECONDS:
        return False
    st.session_state["desk_sound_at"] = time.monotonic()
    return True


def _tab_count(count: int, *, tone: bool) -> None:
    """Keep "(n) " in front of the tab title (Streamlit rewrites the title on navigation); a tone that cannot
    play (no audio device, the browser's autoplay rule) stays silent."""
    st.html(f"""<script>(() => {{
        window.consoleCalling = {count};
        if (!window.consoleTitleKeeper) {{
            window.consoleTitleKeeper = setInterval(() => {{
                const bare = document.title.replace(/^\\(\\d+\\) /, "");
                const want = window.consoleCalling > 0 ? `(${{window.consoleCalling}}) ${{bare}}` : bare;
                if (document.title !== want) document.title = want;
            }}, 500);
        }}
        if ({'true' if tone else 'false'}) {{
            try {{
                const audio = new AudioContext(), tone = audio.createOscillator(), gain = audio.createGain();
                tone.frequency.value = 880;
                gain.gain.value = 0.08;
                tone.connect(gain).connect(audio.destination);
                tone.start();
                tone.stop(audio.currentTime + 0.25);
            }} catch (error) {{}}
        }}
    }})();</script>""", unsafe_allow_javascript=True)
