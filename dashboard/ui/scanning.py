"""Run a stream scan from a page with live progress in st.status."""
from __future__ import annotations

import streamlit as st

from dashboard.db.session import unit_of_work
from dashboard.services.scanning import runs
from dashboard.ui.context import engine, settings
from dashboard.ui.i18n import t


def run_scan_with_status(*, viewer_id: int, stream_id: int) -> None:
    """Scan one stream, showing frames analysed as they go; errors surface through shown_errors."""
    config = settings()
    with st.status(t("Scanning stream {stream}…", stream=stream_id), expanded=True) as status:
        progress = st.progress(0.0, text=t("Opening the source"))

        def on_frame(index: int) -> None:
            done = min(1.0, (index + 1) / config.scan_max_frames)
            progress.progress(done, text=t("Analysed frame {number} (people, faces, blur)", number=index + 1))

        try:
            scan_id = runs.scan_stream(lambda: unit_of_work(engine()), actor_id=viewer_id, stream_id=stream_id,
                                       settings=config, on_frame=on_frame)
        except Exception:
            status.update(label=t("Scan of stream {stream} failed", stream=stream_id), state="error")
            raise
        progress.progress(1.0, text=t("Done"))
        status.update(label=t("Scan {scan} of stream {stream} recorded", scan=scan_id, stream=stream_id),
                      state="complete")
