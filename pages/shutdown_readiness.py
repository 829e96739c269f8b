"""Takedowns and shutdown readiness: the wind-down at a glance, exports, and the two-person full shutdown."""

import streamlit as st

from dashboard.enums import Category
from dashboard.services import wind_down
from dashboard.ui import charts
from dashboard.ui.auth import act, page
from dashboard.ui.context import read, settings
from dashboard.ui.exports import export_buttons
from dashboard.ui.formatting import label, local, number, readable, zone_name
from dashboard.ui.i18n import t
from dashboard.ui.navigation import BY_KEY
from dashboard.ui.readiness_report import build_pdf
from dashboard.ui.retention import retention_overview
from dashboard.ui.text import plain


def _filters() -> wind_down.Filters:
    tz = settings().timezone
    default = wind_down.default_period(tz=tz)
    left, right = st.columns([1, 2])
    period = left.date_input(t("Period ({zone})", zone=zone_name()), value=default, max_value=default[1])
    start, end = (period[0], period[-1]) if isinstance(period, tuple) and period else default
    chosen = right.multiselect(t("Categories"), [c.value for c in Category], placeholder=t("All categories"),
                               format_func=label)
    return wind_down.period(start, end, categories=tuple(Category(c) for c in chosen) or None, tz=tz)


def _checklist(items: list, viewer) -> None:
    ready = all(item.ok for item in items)
    (st.success if ready else st.warning)(t("Ready for full shutdown.") if ready else t("Not ready for full shutdown."))
    for item in items:
        mark = ":green[:material/check_circle:]" if item.ok else ":red[:material/cancel:]"
        text, link = st.columns([4, 1])
        text.markdown(f"{mark} **{t(item.label)}**: {number(item.count)}")
        target = BY_KEY[item.page]
        if viewer.role in target.roles:  # st.page_link only reaches pages in this user's navigation
            link.page_link(target.path, label=t(target.title))
        else:
            owners = t(", ").join(sorted(label(r) for r in target.roles if r.value != "admin"))
            link.caption(f"{t(target.title)} ({owners})")


def _shutdown_panel(viewer, waiting) -> None:
    if waiting is None:
        override = st.text_input(t("Override reason (required while the checklist is red)"), key="override")
        if st.button(t("Request full shutdown"), type="primary"):
            act(viewer, wind_down.request_shutdown, override_reason=override)
            st.rerun()
        return
    st.warning(t("Full shutdown requested by {who} at {at}.", who=waiting.requested_by, at=local(waiting.requested_at))
               + (" " + t("Override: {reason}", reason=plain(waiting.override_reason)) if waiting.override_reason
                  else "") + " " + t("A second manager must confirm."))
    confirm, cancel = st.columns(2)
    if waiting.confirmable_by(viewer.id) and confirm.button(t("Confirm: shut down every live stream now"),
                                                               type="primary"):
        done = act(viewer, wind_down.confirm_shutdown, request_id=waiting.id)
        st.session_state["shutdown_done"] = done.streams_shut_down
        st.rerun()
    if cancel.button(t("Cancel the request")):
        act(viewer, wind_down.cancel_shutdown, request_id=waiting.id, reason=t("cancelled on the page"))
        st.rerun()


with page("shutdown_readiness") as viewer:
    if done := st.session_state.pop("shutdown_done", None):
        st.success(t("Live broadcasting is shut down: {count} streams switched off. Each can be restored one by one.",
                     count=number(done)))
    flt = _filters()
    view = read(wind_down.load_view, flt=flt)
    projection, items, per_day, burn = view.projection, view.checklist, view.takedowns, view.burn_down
    breaches, throughput, coverage = view.desk.breaches, view.desk.throughput, view.desk.coverage
    _checklist(items, viewer)
    burn_tab, takedown_tab, desk_tab, compliance_tab, retention_tab, shutdown_tab = st.tabs(
        [t("Burn-down"), t("Takedowns"), t("Report desk"), t("Compliance"), t("Data retention"), t("Full shutdown")])
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
    with retention_tab:
        retention_overview()
    with shutdown_tab:
        if st.button(t("Prepare one-page readiness report (PDF)")):
            pngs = [charts.to_png(burn_chart)] + ([charts.to_png(takedown_chart)] if takedown_chart is not None else [])
            st.session_state["readiness_pdf"] = build_pdf(checklist=items, projection=projection, charts=pngs,
                                                          generated_by=viewer.username)
        if pdf := st.session_state.get("readiness_pdf"):
            st.download_button(t("Download readiness report"), pdf, file_name="shutdown-readiness.pdf",
                               mime="application/pdf")
        _shutdown_panel(viewer, view.pending)
