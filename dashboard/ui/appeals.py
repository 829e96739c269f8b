"""The appeals desk as compliance leads see it: figures, the held appeal with the notice it contests, the queue,
overturn rates and the scan's measured false positives."""
from __future__ import annotations

import streamlit as st

from dashboard.enums import AppealStatus, NoticeSource
from dashboard.services.appeals import desk as appeals
from dashboard.services.appeals.view import (
    AppealOutcomes, HeldAppeal, appeal_outcomes as appeal_outcomes_view, appeals_view,
)
from dashboard.services.tables.spreadsheet import for_excel, frame_csv
from dashboard.services.wind_down.transparency import recent_months, transparency, transparency_csv, transparency_pdf
from dashboard.ui.auth import Viewer, act
from dashboard.ui.context import read, settings
from dashboard.ui import scan_words
from dashboard.ui.formatting import label, local, number, readable
from dashboard.ui.i18n import language, t


def render_appeals(viewer: Viewer) -> None:
    """The whole page."""
    if done := st.session_state.pop("appeal_done", None):
        st.success(done)
    view = read(appeals_view, user_id=viewer.id, language=language())
    _figures(view.outcomes)
    if view.held is not None:
        _held(viewer, view.held)
    elif st.button(t("Claim the next appeal"), type="primary", disabled=view.queue.empty):
        if act(viewer, appeals.claim_next_appeal, settings=settings()) is None:
            st.info(t("No appeal waits that you may decide (you cannot decide appeals against your own decisions)."))
        else:
            st.rerun()
    queue_tab, outcomes_tab = st.tabs([t("Open appeals"), t("Overturn rates")])
    with queue_tab:
        if view.queue.empty:
            st.info(t("No open appeals."))
        else:
            st.dataframe(readable(view.queue), hide_index=True)
    with outcomes_tab:
        _rates(view.outcomes)


def appeal_outcomes() -> None:
    """The appeals' figures and overturn rates, for the manager and scan flags pages."""
    outcomes = read(appeal_outcomes_view)
    _figures(outcomes)
    _rates(outcomes)


def _rates(outcomes: AppealOutcomes) -> None:
    st.caption(t("Decided appeals by where the decision came from: a scan flag (by detector), a viewer's report "
                 "(by reason), a reviewer, compliance, the shutdown."))
    rates = outcomes.rates.copy()
    if len(rates):  # the detail is a detector for scan flags, a report reason for viewers' reports
        rates["detail"] = [scan_words.backend(d) if s == NoticeSource.SCAN_FLAG else label(d) if d != "—" else d
                           for s, d in zip(rates["source"], rates["detail"])]
    st.dataframe(readable(rates), hide_index=True)
    st.caption(t("Scan decisions an appeal overturned: the scan's measured false positives."))
    wrong = outcomes.false_positives.copy()
    wrong["detector"] = wrong["detector"].map(scan_words.backend)
    st.dataframe(readable(wrong), hide_index=True)
    st.download_button(t("CSV"), for_excel(frame_csv(outcomes.false_positives)), file_name="scan-false-positives.csv",
                       mime="text/csv", on_click="ignore", disabled=outcomes.false_positives.empty,
                       key="false_positives_csv")


def _figures(outcomes: AppealOutcomes) -> None:
    figures = outcomes.figures
    cols = st.columns(4)
    cols[0].metric(t("Appeals received"), number(figures.received))
    cols[1].metric(t("Decided within SLA"), f"{number(figures.within_sla)} / {number(figures.decided)}")
    rate = figures.overturn_rate
    cols[2].metric(t("Overturned"), "—" if rate is None else f"{rate:.0%}")
    cols[3].metric(t("Open (overdue)"), f"{number(figures.open)} ({number(figures.overdue)})")


def _held(viewer: Viewer, held: HeldAppeal) -> None:
    notice = held.notice
    with st.container(border=True):
        st.subheader(t("Appeal {appeal} · stream {stream}", appeal=held.external_id, stream=held.stream))
        st.caption(t("Received {received} · decide by {due} · your claim runs until {until}",
                     received=local(held.received_at), due=local(held.sla_due_at), until=local(held.lease_expires_at)))
        st.markdown(t("**The owner writes:**"))
        st.text(held.text or "—")
        st.markdown(t("**The notice they were sent:**"))
        text = notice["text"]
        st.markdown("\n\n".join(part for part in (text["decision"], text["ground"], text["facts"], text["how_decided"])
                                if part))
        note = st.text_area(t("Why (the owner is told the outcome; this note stays in the console)"), key="appeal_note")
        uphold, overturn, back = st.columns(3)
        if uphold.button(t("Uphold the decision"), key="appeal_uphold"):
            _decide(viewer, held, AppealStatus.UPHELD, note)
        if overturn.button(t("Overturn: reverse the decision"), key="appeal_overturn", type="primary"):
            _decide(viewer, held, AppealStatus.OVERTURNED, note)
        if back.button(t("Hand back"), key="appeal_release"):
            act(viewer, appeals.release_appeal, appeal_id=held.id)
            st.rerun()


def _decide(viewer: Viewer, held: HeldAppeal, outcome: AppealStatus, note: str) -> None:
    act(viewer, appeals.decide_appeal, appeal_id=held.id, outcome=outcome, note=note)
    st.session_state.pop("appeal_note", None)
    st.session_state["appeal_done"] = (t("Appeal {appeal} overturned: the decision is reversed and the owner told.",
                                         appeal=held.external_id) if outcome == AppealStatus.OVERTURNED else
                                       t("Appeal {appeal} upheld: the owner is told the decision stands.",
                                         appeal=held.external_id))
    st.rerun()


def transparency_panel() -> None:
    """The month's transparency report, as the CLI writes it: a CSV and a one-page PDF in Chinese and English."""
    months = recent_months(12)
    month = st.selectbox(t("Month (Beijing time)"), months, key="transparency_month")
    if st.button(t("Prepare transparency report"), key="transparency_prepare"):
        report = read(transparency, month=month)
        st.session_state["transparency"] = (month, transparency_csv(report).encode("utf-8"), transparency_pdf(report))
    if (ready := st.session_state.get("transparency")) and ready[0] == month:
        csv_cell, pdf_cell = st.columns(2)
        csv_cell.download_button(t("CSV"), ready[1], file_name=f"transparency-{month}.csv", mime="text/csv",
                                 on_click="ignore", key="transparency_csv")
        pdf_cell.download_button(t("PDF"), ready[2], file_name=f"transparency-{month}.pdf", mime="application/pdf",
                                 on_click="ignore", key="transparency_pdf")
