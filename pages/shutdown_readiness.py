"""Takedowns and shutdown readiness: the wind-down at a glance, exports, and the two-person full shutdown."""

import streamlit as st

from dashboard.services.wind_down.view import load_view
from dashboard.ui import charts
from dashboard.ui.appeals import appeal_outcomes, transparency_panel
from dashboard.ui.auth import page
from dashboard.ui.context import read
from dashboard.ui.exports import export_buttons
from dashboard.ui.formatting import label, number, readable
from dashboard.ui.i18n import t
from dashboard.ui.readiness_report import build_pdf
from dashboard.ui.retention import retention_overview
from dashboard.ui.wind_down import checklist, filters, notice_progress, shutdown_panel

with page("shutdown_readiness") as viewer:
    if done := st.session_state.pop("shutdown_done", None):
        st.success(t("Live broadcasting is shut down: {count} streams switched off. Each can be restored one by one.",
                     count=number(done)))
    view = read(load_view, flt=filters())
    projection, items, per_day, burn = view.projection, view.checklist, view.takedowns, view.burn_down
    breaches, throughput, coverage = view.desk.breaches, view.desk.throughput, view.desk.coverage
    checklist(view, viewer)
    burn_tab, takedown_tab, desk_tab, compliance_tab, appeals_tab, retention_tab, shutdown_tab = st.tabs(
        [t("Burn-down"), t("Takedowns"), t("Report desk"), t("Compliance"), t("Appeals & transparency"),
         t("Data retention"), t("Full shutdown")])
    with burn_tab:
        if projection.zero_date:
            st.markdown(charts.projection_text(projection))
        else:
            st.markdown(t("**No projected zero date:** public live streams are not going down at the recent pace."))
        burn_chart = charts.burn_down_chart(burn, projection)
        st.altair_chart(burn_chart, width="stretch")
        export_buttons("burn_down", burn, burn_chart)
    with takedown_tab:
        colour = st.radio(t("Stack by"), ["reason", "source"], horizontal=True, format_func=label)
        takedown_chart = charts.takedowns_chart(per_day, color=colour) if len(per_day) else None
        if takedown_chart is None:
            st.info(t("No takedowns in this period."))
        else:
            st.altair_chart(takedown_chart, width="stretch")
            export_buttons("takedowns", per_day, takedown_chart)
    with desk_tab:
        st.dataframe(readable(view.open_reports), hide_index=True)
        st.caption(t("Last 7 days of the period: minutes from receipt to first claim and to decision (p50 / p90), "
                     "and SLA breaches, by priority"))
        st.dataframe(readable(view.sla), hide_index=True)
        for name, frame, chart in (("sla_breaches", breaches, charts.breaches_chart(breaches)),
                                   ("coverage", coverage, charts.coverage_chart(coverage))):
            st.altair_chart(chart, width="stretch")
            export_buttons(name, frame, chart)
        if len(throughput):
            st.altair_chart(charts.throughput_chart(throughput), width="stretch")
    with compliance_tab:
        left, right = st.columns(2)
        left.altair_chart(charts.category_bars(view.welfare, value="streams",
                                               title=t("Welfare streams by certification")))
        right.altair_chart(charts.category_bars(view.merchants, value="streams",
                                                title=t("Merchant streams by sticker")))
    with appeals_tab:
        appeal_outcomes()
        transparency_panel()
    with retention_tab:
        retention_overview()
    with shutdown_tab:
        if st.button(t("Prepare one-page readiness report (PDF)")):
            pngs = [charts.to_png(burn_chart)] + ([charts.to_png(takedown_chart)] if takedown_chart is not None else [])
            st.session_state["readiness_pdf"] = build_pdf(checklist=items, projection=projection, charts=pngs,
                                                          generated_by=viewer.username)
        if pdf := st.session_state.get("readiness_pdf"):
            st.download_button(t("Download readiness report"), pdf, file_name="shutdown-readiness.pdf",
                               mime="application/pdf", on_click="ignore")
        shutdown_panel(viewer, view.pending)
        notice_progress(view.notices)
