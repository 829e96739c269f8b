"""Scan flags: streams the detectors think show public foot traffic, with anonymised evidence, to decide."""
import streamlit as st

from dashboard.enums import FlagKind, FlagStatus
from dashboard.services.scanning import flags
from dashboard.ui.auth import act, page
from dashboard.ui.context import read, settings
from dashboard.ui.scanning import run_scan_with_status
from dashboard.ui.text import plain

NOT_STORED = ("Faces and heads are blurred before anything is written to disk; the original frame is never "
              "stored, so it cannot be shown.")

with page("scan_flags") as viewer:
    open_flags = read(flags.list_flags, status=FlagStatus.OPEN)
    st.metric("Open flags", len(open_flags))
    if open_flags.empty:
        st.success("No open flags.")
    else:
        labels = {int(r.id): f"#{r.id} · {r.kind} · {r.stream} ({r.category})" for r in open_flags.itertuples()}
        flag_id = st.selectbox("Flag (oldest first)", list(labels), format_func=labels.get)
        view = read(flags.flag_view, flag_id=flag_id, data_dir=settings().data_dir)
        details, kind, evidence, history, takedowns = view.details, view.kind, view.evidence, view.scans, view.takedowns
        st.subheader(f"{plain(view.title)} · {plain(view.external_id)}")
        st.caption(plain(view.caption))
        numbers, pictures = st.columns([2, 3])
        with numbers:
            if details.get("degraded"):
                st.warning("No person detector ran for this scan: faces stood in for people, "
                           "so side-facing and distant people may have been missed.")
            elif details.get("detector"):
                st.caption(f"Person detector: {details['detector']}")
            if kind == FlagKind.CROWD_IN_FRAME:
                st.info("A still image or a clip too short to show a rate of people passing, with several people "
                        "in frame at once: decide from the evidence whether this is a public place.")
            if details.get("demo"):
                st.caption("Demo flag: generated with the demo data, no scan or evidence behind it.")
            cells = st.columns(2)
            for cell, (label, key) in zip(cells * 2, [("People per minute", "tracks_per_minute"),
                                                      ("Peak in frame", "people_peak"),
                                                      ("Frames with people", "frames_with_people"),
                                                      ("Faces seen", "faces")]):
                cell.metric(label, details.get(key, "—") if details.get(key) is not None else "—")
            for reason in details.get("reasons", []):
                st.markdown(f"- {reason}")
        with pictures:
            if evidence:
                st.image([str(p) for p in evidence], caption=[p.stem for p in evidence], width=260)
            else:
                st.info("No evidence frame was kept for this flag.")
            st.caption(NOT_STORED)
        st.markdown("**Stream history** — scans: " + (", ".join(
            f"{t:%d %b %H:%M} {v} (peak {p}, faces {f}{', degraded' if d else ''})" for t, _, v, p, f, d in history)
            or "none") + "; takedowns: " + (", ".join(
            f"{t:%d %b} {r} via {s}{' (restored)' if x else ''}" for t, r, s, x in takedowns) or "none"))
        reason = st.text_input("Reason (required, recorded in the audit log)", key="flag_reason")
        confirm, dismiss = st.columns(2)
        if not view.actionable:
            confirm.caption("The stream is already down: only dismissing the flag applies.")
        elif confirm.button("Confirm — take the stream down", type="primary"):
            act(viewer, flags.confirm_flag, flag_id=flag_id, reason=reason)
            st.rerun()
        if dismiss.button("Dismiss flag"):
            act(viewer, flags.dismiss_flag, flag_id=flag_id, reason=reason)
            st.rerun()
    with st.expander("Scan a stream now"):
        stream_id = st.number_input("Stream id", min_value=1, step=1, value=None)
        if stream_id and st.button("Start scan"):
            run_scan_with_status(viewer_id=viewer.id, stream_id=int(stream_id))
