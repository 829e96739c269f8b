"""Scan flags: streams the detectors think show public foot traffic, with anonymised evidence, to decide."""
import streamlit as st

from dashboard.enums import FlagKind, FlagStatus
from dashboard.services.scanning import flags
from dashboard.ui.appeals import appeal_outcomes
from dashboard.ui.auth import act, page
from dashboard.ui.context import read, settings
from dashboard.ui.evidence import evidence
from dashboard.ui.formatting import label
from dashboard.ui.i18n import t
from dashboard.ui.pickers import stream_picker
from dashboard.ui.scan_jobs import scan_jobs_panel
from dashboard.ui.scanning import run_scan_with_status
from dashboard.ui import scan_words
from dashboard.ui.text import plain

with page("scan_flags") as viewer:
    open_flags = read(flags.list_flags, status=FlagStatus.OPEN)
    st.metric(t("Open flags"), len(open_flags))
    if open_flags.empty:
        st.success(t("No open flags."))
    else:
        labels = {int(r.id): f"{label(r.kind)} · {r.stream} · {r.external_id} ({label(r.category)})"
                  for r in open_flags.itertuples()}  # titles repeat; the visible id tells the streams apart
        flag_id = st.selectbox(t("Flag (oldest first)"), list(labels), format_func=labels.get)
        view = read(flags.flag_view, flag_id=flag_id, data_dir=settings().data_dir)
        details, kind, history, takedowns = view.details, view.kind, view.scans, view.takedowns
        st.subheader(f"{plain(view.title)} · {plain(view.external_id)}")
        st.caption(plain(scan_words.facts(view.facts)))
        numbers, pictures = st.columns([2, 3])
        with numbers:
            if details.get("degraded"):
                st.warning(t("No person detector ran for this scan: faces stood in for people, "
                             "so side-facing and distant people may have been missed."))
            elif details.get("detector"):
                st.caption(t("Person detector: {name}", name=scan_words.detector(details["detector"])))
            if kind == FlagKind.CROWD_IN_FRAME:
                st.info(t("A still image or a clip too short to show a rate of people passing, with several people "
                          "in frame at once: decide from the evidence whether this is a public place."))
            if details.get("demo"):
                st.caption(t("Demo flag: generated with the demo data, no scan or evidence behind it."))
            cells = st.columns(2)
            for cell, (title, key) in zip(cells * 2, [(t("People per minute"), "tracks_per_minute"),
                                                      (t("Peak in frame"), "people_peak"),
                                                      (t("Frames with people"), "frames_with_people"),
                                                      (t("Faces seen"), "faces")]):
                cell.metric(title, details.get(key, "—") if details.get(key) is not None else "—")
            for line in details.get("reasons", []):
                st.markdown(f"- {plain(scan_words.reason(line))}")
        with pictures:
            evidence(viewer, view.evidence, key=f"flag{flag_id}", scan_id=view.scan_id, stream_id=None if view.scan_id
                     else view.stream_id, context=f"flag {flag_id} on {view.external_id}")
        st.markdown(scan_words.history(history, takedowns))
        reason = st.text_input(t("Reason (required, recorded in the audit log)"), key="flag_reason")
        confirm, dismiss = st.columns(2)
        if not view.actionable:
            confirm.caption(t("The stream is already down: only dismissing the flag applies."))
        elif confirm.button(t("Confirm — take the stream down"), type="primary"):
            act(viewer, flags.confirm_flag, flag_id=flag_id, reason=reason)
            st.rerun()
        if dismiss.button(t("Dismiss flag")):
            act(viewer, flags.dismiss_flag, flag_id=flag_id, reason=reason)
            st.rerun()
    scan_jobs_panel(viewer)
    with st.expander(t("Appeals against scan decisions (overturned ones are the scan's false positives)")):
        appeal_outcomes()
    with st.expander(t("Scan a stream now")):
        stream_id = stream_picker(t("Stream to scan"), key="scan_now")
        if st.button(t("Start scan"), disabled=stream_id is None):
            run_scan_with_status(viewer_id=viewer.id, stream_id=stream_id)
