"""The one evidence component: frames blurred (and grey, if the viewer chose) until revealed; each reveal is logged."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import streamlit as st

from dashboard.services.evidence.frames import reveal_evidence
from dashboard.ui.auth import Viewer, act
from dashboard.messages import N_
from dashboard.ui.i18n import t

NOT_STORED = N_("Faces and heads were blurred before anything was written to disk; the original frame is never "
                 "stored, so it cannot be shown.")


@st.cache_data(max_entries=512, show_spinner=False)
def preview(path: Path, *, blur: int, grayscale: bool) -> np.ndarray | None:
    """A small, blurred RGB preview of an evidence frame (None if the file cannot be read).

    Cached: the desk reruns on every click, and an evidence file never changes once written (a purge deletes it,
    and then it is no longer asked for)."""
    image = cv2.imread(str(path))
    if image is None:
        return None
    height, width = image.shape[:2]
    small = cv2.resize(image, (240, max(1, round(240 * height / width))))
    kernel = max(3, blur | 1)
    small = cv2.GaussianBlur(small, (kernel, kernel), 0)
    if grayscale:
        return cv2.cvtColor(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2RGB)
    return cv2.cvtColor(small, cv2.COLOR_BGR2RGB)


def evidence(viewer: Viewer, paths: list[Path], *, key: str, context: str, scan_id: int | None = None,
             stream_id: int | None = None, shortcut: str | None = None) -> None:
    """Show evidence blurred by default; 'Reveal' logs who looked (scan or stream) and shows the anonymised frames."""
    if not paths:
        st.caption(t("No evidence frame was kept."))
        return
    revealed = f"revealed_{key}"
    if not st.session_state.get(revealed):
        frames = [f for f in (preview(p, blur=viewer.blur, grayscale=viewer.grayscale) for p in paths) if f is not None]
        st.image(frames, width=180)
        st.caption(t("Blurred until you choose to look; looking is recorded in the audit log."))
        if st.button(t("Reveal evidence (logged)"), key=f"reveal_{key}", icon=":material/visibility:",
                     shortcut=shortcut):
            act(viewer, reveal_evidence, scan_id=scan_id, stream_id=stream_id, context=context)
            st.session_state[revealed] = True
            st.rerun()
        return
    if viewer.grayscale:
        shown = [cv2.cvtColor(cv2.imread(str(p), cv2.IMREAD_GRAYSCALE), cv2.COLOR_GRAY2RGB) for p in paths]
        st.image(shown, width=280, caption=[_caption(p) for p in paths])
    else:
        st.image([str(p) for p in paths], width=280, caption=[_caption(p) for p in paths])
    st.caption(t(NOT_STORED))


def _caption(path: Path) -> str:
    """'Frame 12' for scan_3_frame0012.jpg (a file name means nothing to a reviewer)."""
    number = path.stem.rpartition("_frame")[2]
    return t("Frame {n}", n=int(number)) if number.isdigit() else t("Evidence frame")


def wellness_form(viewer: Viewer) -> None:
    """The viewer's own evidence display settings (sidebar): previews in grey, blur strength."""
    from dashboard.services.access.users import BLUR_RANGE, set_wellness

    with st.expander(t("Evidence display"), icon=":material/spa:"):
        grey = st.toggle(t("Show evidence in grey"), value=viewer.grayscale, key="wellness_grey")
        blur = st.slider(t("Blur of previews"), *BLUR_RANGE, value=viewer.blur, step=2, key="wellness_blur")
        if st.button(t("Save display settings"), key="wellness_save"):
            act(viewer, set_wellness, grayscale=grey, blur=blur)
            st.rerun()
