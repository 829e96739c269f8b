"""The Scan flags page's view of distributed scanning: queue depth, workers alive, jobs per minute, the oldest due
stream, and the jobs that could not be scanned (reason, attempts), which a lead may send round again."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.services.scanning import job_status
from dashboard.ui.auth import Viewer, act
from dashboard.ui.context import read, settings
from dashboard.ui.formatting import local, readable
from dashboard.ui.i18n import t


@st.cache_data(ttl=10, show_spinner=False)
def _broker(broker_url: str) -> tuple[dict[str, int], list[str], str | None]:
    from dashboard.scaleout.status import broker_figures

    figures = broker_figures(settings())
    return figures.waiting, figures.workers, figures.problem


def _figures(db: job_status.JobFigures) -> None:
    columns = st.columns(5)
    if settings().broker_url:
        waiting, workers, problem = _broker(settings().broker_url)
        columns[0].metric(t("Jobs waiting in the broker"), sum(waiting.values()) if not problem else "—",
                          help=t(", ").join(f"{name}: {count}" for name, count in waiting.items()) or None)
        columns[1].metric(t("Scan workers alive"), len(workers) if not problem else "—",
                          help=t(", ").join(workers) or None)
        if problem:
            st.warning(t("The broker did not answer: {problem}", problem=problem))
    columns[2].metric(t("Jobs done per minute"), db.per_minute)
    columns[3].metric(t("Could not be scanned"), db.by_status.get("dead", 0))
    columns[4].metric(t("Oldest due stream"), db.oldest_due_stream or t("none"),
                      help=t("Waiting since {at}", at=local(db.oldest_due)) if db.oldest_due else None)


def scan_jobs_panel(viewer: Viewer) -> None:
    """Distributed scanning at a glance, and the dead jobs with their reasons."""
    with st.expander(t("Scanning on workers"), expanded=bool(settings().broker_url)):
        view = read(job_status.panel, settings=settings())
        _figures(view.figures)
        dead = view.dead
        if dead.empty:
            st.caption(t("Every scan job ran or is on its way; none was given up."))
            return
        st.markdown(t("**Could not be scanned** (every retry failed)"))
        st.dataframe(readable(pd.DataFrame(dead)), hide_index=True)
        labels = {int(r.id): f"{r.stream} · {r.title}" for r in dead.itertuples()}
        job_id = st.selectbox(t("Dead job"), list(labels), format_func=labels.get, key="dead_job")
        why = st.text_input(t("Why scan it again (required)"), key="dead_job_reason")
        if st.button(t("Scan it again"), disabled=job_id is None):
            act(viewer, job_status.requeue_dead, job_id=job_id, reason=why)
            st.success(t("The job is queued again; the scheduler sends it on its next round."))
