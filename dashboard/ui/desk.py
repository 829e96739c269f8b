"""The report desk screen shared by the report queue and the escalations queue."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import cv2
import pandas as pd
import streamlit as st

from dashboard.clock import utcnow
from dashboard.enums import Decision, ReportStatus
from dashboard.services import desk
from dashboard.services.desk import handover
from dashboard.services.desk import intake
from dashboard.services.desk import reports
from dashboard.services.scanning import scans
from dashboard.services.desk import sla
from dashboard.services.desk import CurrentReport, Queue
from dashboard.ui.auth import Viewer, acting
from dashboard.ui.context import db, read, settings
from dashboard.ui.text import plain

_STATUSES = {Queue.REPORTS: (ReportStatus.OPEN,), Queue.ESCALATIONS: (ReportStatus.ESCALATED,)}
_DECISIONS = {Queue.REPORTS: [Decision.DISMISS, Decision.TAKE_DOWN, Decision.MAKE_PRIVATE, Decision.ESCALATE],
              Queue.ESCALATIONS: [Decision.DISMISS, Decision.TAKE_DOWN, Decision.MAKE_PRIVATE]}
_LABELS = {Decision.DISMISS: "Dismiss", Decision.TAKE_DOWN: "Take the stream down",
           Decision.MAKE_PRIVATE: "Make the stream private", Decision.ESCALATE: "Escalate to a compliance lead"}


def _key(queue: Queue) -> str:
    return f"desk_current_{queue.value}"


def _load(report_id: int, viewer: Viewer) -> CurrentReport:
    return read(desk.current_report, report_id=report_id, user_id=viewer.id, data_dir=settings().data_dir)


def _countdown(deadline: datetime) -> str:
    left = deadline - utcnow()
    minutes = int(abs(left.total_seconds()) // 60)
    text = f"{minutes // 60} h {minutes % 60:02d} min"
    return f":green[SLA: {text} left]" if left > timedelta(0) else f":red[SLA breached {text} ago]"


def _blurred_preview(path: Path) -> object:
    image = cv2.imread(str(path))
    small = cv2.resize(image, (160, 90 if image.shape[1] > image.shape[0] else 200))
    return cv2.cvtColor(cv2.GaussianBlur(small, (31, 31), 0), cv2.COLOR_BGR2RGB)


def _evidence(current: CurrentReport, viewer: Viewer) -> None:
    if not current.evidence:
        st.caption("No scan evidence for this stream yet.")
        return
    revealed = st.session_state.get(f"revealed_{current.scan_id}", False)
    if not revealed:
        st.image([_blurred_preview(p) for p in current.evidence], width=160)
        st.caption("Evidence is blurred until you choose to look; looking is recorded in the audit log.")
        if st.button("Reveal evidence (logged)", icon=":material/visibility:"):
            with acting(viewer) as (session, actor):
                scans.reveal_evidence(session, actor=actor, scan_id=current.scan_id,
                                      context=f"report {current.id}")
            st.session_state[f"revealed_{current.scan_id}"] = True
            st.rerun()
        return
    st.image([str(p) for p in current.evidence], width=280)
    st.caption("Faces and heads stay blurred: the original frames are never stored.")


def _report_panel(current: CurrentReport, viewer: Viewer, queue: Queue) -> None:
    level = reports.PRIORITY_NAMES[current.priority]
    st.subheader(f"Report {current.external_id} · {current.reason} · {level}")
    st.markdown(f"{_countdown(current.sla_due_at)} · received {current.received_at:%d %b %H:%M} UTC · "
                f"your claim runs to {current.lease_expires_at:%H:%M:%S} UTC")
    st.markdown(f"**Stream** {plain(current.stream['title'])} ({plain(current.stream['external_id'])}) — "
                f"{current.stream['category']}, {current.stream['place']}, {current.stream['visibility']}, "
                f"{current.stream['state']}; owner {plain(current.stream['owner'])}")
    st.info(plain(current.text) if current.text else "(the reporter left no text)", icon=":material/chat:")
    if current.escalation:
        st.warning(f"Escalated: {current.escalation}")
    _evidence(current, viewer)
    with st.expander(f"Earlier reports on this stream ({len(current.earlier)})"):
        st.dataframe(current.earlier, hide_index=True)


def _decision_form(current: CurrentReport, viewer: Viewer, queue: Queue) -> None:
    with st.form(f"decide_{queue.value}"):
        decision = st.radio("Decision", _DECISIONS[queue], format_func=_LABELS.get, horizontal=True)
        reason = st.text_area("Reason (required; recorded with the decision)", key=f"reason_{queue.value}")
        decided = st.form_submit_button("Record decision", type="primary")
    if decided:
        with acting(viewer) as (session, actor):
            desk.decide(session, actor=actor, report_id=current.id, decision=decision, reason=reason)
        st.session_state.pop(_key(queue), None)
        st.session_state["desk_last"] = f"Report {current.external_id}: {_LABELS[decision].lower()}."
        st.rerun()
    renew, release = st.columns(2)
    if renew.button("Keep working (renew claim)", icon=":material/timer:"):
        with acting(viewer) as (session, actor):
            desk.renew(session, actor=actor, report_id=current.id, settings=settings())
        st.rerun()
    if release.button("Hand back to the queue", icon=":material/undo:"):
        with acting(viewer) as (session, actor):
            desk.release(session, actor=actor, report_id=current.id, reason="handed back")
        st.session_state.pop(_key(queue), None)
        st.rerun()


def _claim(viewer: Viewer, queue: Queue) -> None:
    if st.button("Claim the most urgent report", type="primary", icon=":material/front_hand:"):
        with acting(viewer) as (session, actor):
            report = desk.claim_next(session, actor=actor, settings=settings(), queue=queue)
            claimed = report.id if report else None
        if claimed is None:
            st.success("Nothing is waiting in this queue.")
        else:
            st.session_state[_key(queue)] = claimed
            st.rerun()


def _workspace(viewer: Viewer, queue: Queue) -> None:
    if notice := st.session_state.pop("desk_last", None):
        st.success(notice)
    current_id = st.session_state.get(_key(queue))
    if current_id is None:
        _claim(viewer, queue)
        return
    current = _load(current_id, viewer)
    if not current.held:
        st.warning(f"You no longer hold report {current.external_id} (status {current.status}); "
                   "the claim expired or it was decided elsewhere.")
        st.session_state.pop(_key(queue), None)
        _claim(viewer, queue)
        return
    _report_panel(current, viewer, queue)
    _decision_form(current, viewer, queue)


@st.fragment(run_every=timedelta(seconds=5))
def _overview(queue: Queue) -> None:
    """Queue counts, refreshed every few seconds without rerunning (or clearing) the rest of the page."""
    with db() as session:
        overview = reports.queue_overview(session, statuses=_STATUSES[queue])
    columns = st.columns(4)
    columns[0].metric("Waiting", int(overview["open"].sum()) if len(overview) else 0)
    columns[1].metric("Past SLA", int(overview["breached"].sum()) if len(overview) else 0)
    columns[2].metric("Claimed now", int(overview["claimed"].sum()) if len(overview) else 0)
    oldest = overview["oldest"].min() if len(overview) else None
    columns[3].metric("Oldest waiting", f"{oldest:%d %b %H:%M}" if oldest is not None else "—")
    if len(overview):
        st.dataframe(overview, hide_index=True, height=150)


def _handover_notes(viewer: Viewer) -> None:
    with db() as session:
        notes = [(n.id, n.author.display_name, n.created_at, n.body, n.acknowledged_at)
                 for n in handover.recent_notes(session)]
    for note_id, author, created, body, acknowledged in notes:
        if acknowledged is None:
            box = st.container(border=True)
            box.markdown(f"**Hand-over from {author}** · {created:%d %b %H:%M} UTC\n\n{body}")
            if box.button("Read", key=f"ack_{note_id}"):
                with acting(viewer) as (session, actor):
                    handover.acknowledge(session, actor=actor, note_id=note_id)
                st.rerun()


def _my_day(viewer: Viewer) -> None:
    with db() as session:
        mine = [{"report": r.external_id, "decision": r.decision.value if r.decision else "escalated",
                 "at": r.decided_at, "reason": r.decision_reason}
                for r in sla.decisions_since(session, user_id=viewer.id, since=sla.start_of_day())]
    with st.expander(f"My decisions today ({len(mine)})"):
        st.dataframe(pd.DataFrame(mine), hide_index=True)
    with st.expander("Write a hand-over note for the next shift"), st.form("handover", clear_on_submit=True):
        body = st.text_area("Note")
        if st.form_submit_button("Leave note"):
            with acting(viewer) as (session, actor):
                handover.add_note(session, actor=actor, body=body)
            st.success("Note left for the next shift.")


def _rejected_intake() -> None:
    with db() as session:
        rows = [{"at": r.created_at, "source": r.source, "line": r.line_no, "reason": r.reason, "record": r.raw[:200]}
                for r in intake.recent_rejections(session)]
    with st.expander(f"Report-button records that could not be taken in ({len(rows)} latest)"):
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def render_desk(viewer: Viewer, queue: Queue) -> None:
    """The whole desk: hand-over notes first, live overview, the report in hand, my day."""
    _handover_notes(viewer)
    _overview(queue)
    st.divider()
    _workspace(viewer, queue)
    st.divider()
    _my_day(viewer)
    if queue == Queue.REPORTS:
        _rejected_intake()
