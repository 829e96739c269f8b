"""Retention on the pages: a stream's legal holds and case file (stream lookup), and the manager's overview."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.services.retention.case_files import case_file
from dashboard.services.retention.holds import active_holds, place_hold, release_hold
from dashboard.services.retention.view import retention_view
from dashboard.services.access.permissions import Action
from dashboard.services.streams.moderation import StreamView
from dashboard.ui import charts
from dashboard.ui.auth import Viewer, act
from dashboard.ui.context import read, settings
from dashboard.ui.formatting import local, number, readable
from dashboard.ui.i18n import t
from dashboard.ui.text import plain


def legal_hold_panel(viewer: Viewer, view: StreamView) -> None:
    """Holds on this stream (place, release) and its case file, for compliance leads and admins."""
    if not view.may[Action.HOLD_EVIDENCE]:
        return
    st.subheader(t("Legal hold and case file"))
    holds = read(active_holds, stream_id=view.id)
    for hold in holds:
        on = t("report {report}", report=plain(hold.report)) if hold.report else t("the stream")
        st.markdown(":orange-badge[:material/gavel: " + t("on hold") + "] " + t(
            "{what} since {day}, by {who}: {reason}", what=on, day=local(hold.placed_at, "date"),
            who=plain(hold.placed_by), reason=plain(hold.reason)))
    if not holds:
        st.caption(t("No legal hold: the stream's evidence follows the retention rules."))
    why = st.text_input(t("Request or case (required)"), key=f"hold_reason_{view.id}",
                        placeholder=t("e.g. police request 2026-041"))
    place, release, export = st.columns(3)
    if place.button(t("Place legal hold"), icon=":material/gavel:", disabled=any(h.report is None for h in holds)):
        act(viewer, place_hold, stream_id=view.id, reason=why)
        st.session_state["retention_notice"] = t("Legal hold placed: the stream's evidence is kept until it is "
                                                 "released.")
        st.rerun()
    stream_hold = next((h for h in holds if h.report is None), None)
    if stream_hold and release.button(t("Release the hold")):
        act(viewer, release_hold, hold_id=stream_hold.hold_id, reason=why)
        st.session_state["retention_notice"] = t("Legal hold released.")
        st.rerun()
    if export.button(t("Prepare case file (zip)"), icon=":material/folder_zip:"):
        st.session_state[f"case_file_{view.id}"] = act(viewer, case_file, stream_id=view.id,
                                                       data_dir=settings().data_dir, reason=why)
    if data := st.session_state.get(f"case_file_{view.id}"):
        export.download_button(t("Download case file"), data, file_name=f"case-{view.external_id}.zip",
                               mime="application/zip", on_click="ignore")
    if notice := st.session_state.pop("retention_notice", None):
        st.success(notice)


def retention_overview() -> None:
    """The manager's view: the rules in force, what is held, what was purged."""
    view = read(retention_view, settings=settings())
    rules, stored, held = st.columns([2, 1, 1])
    rules.markdown("\n".join("- " + t("{what}: **{days} days**", what=t(what), days=days)
                              for what, days in view.rules.items()))
    stored.metric(t("Evidence frames stored"), number(view.stored_frames))
    held.metric(t("Streams on legal hold"), len({h.stream for h in view.holds}))
    st.markdown(t("**Legal holds**"))
    if view.holds:
        st.dataframe(readable(pd.DataFrame([{"stream": h.stream, "title": h.stream_title, "report": h.report or "",
                                             "reason": h.reason, "placed by": h.placed_by, "since": h.placed_at}
                                            for h in view.holds])), hide_index=True)
    else:
        st.caption(t("No active legal hold."))
    st.markdown(t("**Purges**"))
    if view.purges.empty:
        st.caption(t("No purge has run yet: the worker purges daily, or run `python -m dashboard purge`."))
        return
    st.altair_chart(charts.purges_chart(view.purges), width="stretch")
    st.dataframe(readable(view.purges), hide_index=True)
