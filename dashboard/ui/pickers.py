"""Pick a thing by what people see (visible ids, titles, owners), never by a hidden row number."""
from __future__ import annotations

import streamlit as st

from dashboard.services.streams.moderation import find_streams
from dashboard.ui.context import read
from dashboard.ui.formatting import label as label_of
from dashboard.ui.i18n import t


def stream_picker(label: str, *, key: str, initial: str = "") -> int | None:
    """Search streams by id, title or owner and pick one; None until something is searched and chosen."""
    text = st.text_input(t("{what} — search by stream id (e.g. {example}), title or owner", what=label,
                           example="str-000042"), value=initial, key=f"{key}_search")
    if not text.strip():
        return None
    found = read(find_streams, text=text, limit=30).to_dict("records")
    if not found:
        st.caption(t("No stream matches."))
        return None
    choice = st.selectbox(label, found, key=f"{key}_pick", format_func=lambda r: f"{r['external_id']} · "
                          f"{r['title']} ({r['owner']}; {label_of(r['state'])})")
    return int(choice["id"])
