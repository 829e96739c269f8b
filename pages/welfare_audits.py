"""Welfare audits: is a 'welfare' stream really poverty alleviation or ecological agriculture, free of foot traffic?"""
import pandas as pd
import streamlit as st

from dashboard.enums import WELFARE_CATEGORIES, Category, Verdict, WelfareDecision
from dashboard.services.compliance import welfare
from dashboard.ui.auth import act, page
from dashboard.ui.context import read, settings
from dashboard.ui.evidence import evidence as evidence_frames
from dashboard.ui.formatting import day, label, local, readable
from dashboard.ui.i18n import t
from dashboard.ui.text import plain

with page("welfare_audits") as viewer:
    queue = read(welfare.due_queue, settings=settings())
    st.metric(t("Due for audit"), len(queue))
    if not queue:
        st.success(t("No welfare stream is due."))
        st.stop()
    labels = {i.stream_id: f"{i.external_id} · {i.title} · " + t("{why} since {day}", why=" ".join(
        filter(None, [t(i.why), i.week])), day=day(i.since)) for i in queue}
    stream_id = st.selectbox(t("Due streams, oldest first"), list(labels), format_func=labels.get)
    item = next(i for i in queue if i.stream_id == stream_id)
    view = read(welfare.stream_view, stream_id=stream_id, settings=settings())
    info, latest, evidence = view.facts, view.latest, view.evidence
    earlier = pd.DataFrame(view.earlier, columns=["decided", "decision", "reason", "next due", "spot check"])
    st.subheader(plain(view.title) + " — " + t("declared {category}", category=label(info["declared"])))
    st.caption(" · ".join([label(info["place"]), label(info["state"]), t("owner {owner}", owner=plain(
        f"{info['owner']} ({label(info['owner_kind'])})")), t("certification {status}",
                                                            status=label(info["certification"]))]))
    if latest is None:
        st.info(t("Not scanned yet: no numbers or evidence. Scan it from the Scan flags page before certifying."))
    else:
        verdict, peak, rate, share, at = latest.verdict, latest.peak, latest.rate, latest.share, latest.at
        if verdict == Verdict.PUBLIC_FOOT_TRAFFIC:
            st.error(t("Foot traffic seen on {at}: peak {peak} people, {rate} people/min, people in {share} of "
                       "frames. A welfare stream must be free of foot traffic.", at=local(at), peak=peak, rate=rate,
                       share=f"{share:.0%}"))
        else:
            st.success(t("Latest scan {at}: {verdict} (peak {peak} people, {rate} people/min)", at=local(at),
                         verdict=label(verdict), peak=peak, rate=rate)
                       + (t(" — person detector unavailable, faces only") if latest.degraded else ""))
        evidence_frames(viewer, evidence, key=f"welfare{latest.scan_id}", scan_id=latest.scan_id,
                        context=f"welfare audit of {item.external_id}")
    with st.expander(t("Earlier audits ({count})", count=len(earlier))):
        st.dataframe(readable(earlier), hide_index=True)
    if done := st.session_state.pop("welfare_done", None):
        st.success(done)
    with st.form("welfare_decision"):
        decision = st.radio(t("Decision"), [d.value for d in WelfareDecision], horizontal=True, index=None,
                            format_func=label)
        new_category = st.selectbox(t("New category (recategorise only)"),
                                    [c.value for c in Category if c not in WELFARE_CATEGORIES], format_func=label)
        reason = st.text_area(t("Reason (required)"))
        if st.form_submit_button(t("Record decision"), type="primary"):
            act(viewer, welfare.decide, stream_id=stream_id, decision=decision, reason=reason, settings=settings(),
                new_category=Category(new_category), spot_check=item.spot_check)
            st.session_state["welfare_done"] = t("{stream}: {decision} recorded.", stream=item.external_id,
                                                 decision=label(decision))
            st.rerun()
