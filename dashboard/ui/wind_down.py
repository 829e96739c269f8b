"""The shutdown-readiness page's widgets: the period filter, the checklist, the two-person shutdown panel."""
from __future__ import annotations

import streamlit as st

from dashboard.enums import Category, Role
from dashboard.services.wind_down.metrics import Filters
from dashboard.services.wind_down.shutdown import cancel_shutdown, confirm_shutdown, request_shutdown
from dashboard.services.wind_down.view import PendingShutdown, WindDownView, default_period, period as make_period
from dashboard.services.streams import outbox
from dashboard.ui.auth import Viewer, act
from dashboard.ui.context import read, settings
from dashboard.ui.formatting import label, local, number, readable, zone_name
from dashboard.ui.i18n import t
from dashboard.ui.navigation import BY_KEY
from dashboard.ui.text import plain


def filters() -> Filters:
    """The period (whole local days) and categories the manager picked."""
    tz = settings().timezone
    default = default_period(tz=tz)
    left, right = st.columns([1, 2])
    period = left.date_input(t("Period ({zone})", zone=zone_name()), value=default, max_value=default[1])
    start, end = (period[0], period[-1]) if isinstance(period, tuple) and period else default
    chosen = right.multiselect(t("Categories"), [c.value for c in Category], placeholder=t("All categories"),
                               format_func=label)
    return make_period(start, end, categories=tuple(Category(c) for c in chosen) or None, tz=tz)


def checklist(view: WindDownView, viewer: Viewer) -> None:
    """The verdict and each condition with its count and the page that fixes it (a link where the viewer may go)."""
    (st.success if view.ready else st.warning)(t("Ready for full shutdown.") if view.ready
                                                else t("Not ready for full shutdown."))
    for item in view.checklist:
        mark = ":green[:material/check_circle:]" if item.ok else ":red[:material/cancel:]"
        text, link = st.columns([4, 1])
        text.markdown(f"{mark} **{t(item.label)}**: {number(item.count)}")
        target = BY_KEY[item.page]
        if viewer.role in target.roles:  # st.page_link only reaches pages in this user's navigation
            link.page_link(target.path, label=t(target.title))
        else:
            owners = t(", ").join(sorted(label(r) for r in target.roles if r != Role.ADMIN))
            link.caption(f"{t(target.title)} ({owners})")


def notice_progress(counts: dict[str, int]) -> None:
    """How many owner notices reached the platform, how many wait (retried) and how many it refused."""
    total = sum(counts.values())
    if not total:
        return
    delivered, waiting, failed = counts["delivered"], counts["pending"], counts["failed"]
    st.progress(delivered / total, text=t("Owner notices delivered: {delivered} of {total} · waiting {waiting} · "
                                          "refused by the platform {failed}", delivered=number(delivered),
                                          total=number(total), waiting=number(waiting), failed=number(failed)))
    if failed:
        with st.expander(t("Notices the platform refused, with its answer")):
            st.dataframe(readable(read(outbox.failed_notices)), hide_index=True)


def shutdown_panel(viewer: Viewer, waiting: PendingShutdown | None) -> None:
    """Request the full shutdown, or (a second manager) confirm or cancel the request waiting."""
    if waiting is None:
        override = st.text_input(t("Override reason (required while the checklist is red)"), key="override")
        if st.button(t("Request full shutdown"), type="primary"):
            act(viewer, request_shutdown, override_reason=override)
            st.rerun()
        return
    st.warning(t("Full shutdown requested by {who} at {at}.", who=waiting.requested_by, at=local(waiting.requested_at))
               + (" " + t("Override: {reason}", reason=plain(waiting.override_reason)) if waiting.override_reason
                  else "") + " " + t("A second manager must confirm."))
    confirm, cancel = st.columns(2)
    if waiting.confirmable_by(viewer.id) and confirm.button(t("Confirm: shut down every live stream now"),
                                                               type="primary"):
        done = act(viewer, confirm_shutdown, request_id=waiting.id)
        st.session_state["shutdown_done"] = done.streams_shut_down
        st.rerun()
    if cancel.button(t("Cancel the request")):
        act(viewer, cancel_shutdown, request_id=waiting.id, reason=t("cancelled on the page"))
        st.rerun()
