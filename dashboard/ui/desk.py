"""The report desk screen shared by the report queue and the escalations queue."""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import Decision, ReportStatus
from dashboard.services.desk.decisions import (
    Queue, claim, claim_next, decide, held_report, release as hand_back, renew,
)
from dashboard.services.desk.drafts import Draft, drafted_report, drop_draft, load_draft, save_draft
from dashboard.services.desk.presets import compose_reason, preset_reasons, set_preset_reasons
from dashboard.services.desk.reports import report_by_ref
from dashboard.services.desk.view import CurrentReport, current_report
from dashboard.services.desk import handover, intake, reports, sla
from dashboard.ui import desk_calls, keyboard
from dashboard.ui.auth import Viewer, act, acting
from dashboard.ui.context import db, read, settings
from dashboard.ui.errors import shown_errors
from dashboard.ui.evidence import evidence
from dashboard.ui.formatting import duration, label, local, readable
from dashboard.ui.i18n import t
from dashboard.messages import N_
from dashboard.ui.text import plain

_STATUSES = {Queue.REPORTS: (ReportStatus.OPEN,), Queue.ESCALATIONS: (ReportStatus.ESCALATED,)}
_DECISIONS = {Queue.REPORTS: list(Decision), Queue.ESCALATIONS: [d for d in Decision if d.on_escalations]}


SHORTCUTS = {"claim": "Alt+N", "reveal": "Alt+V", "renew": "Alt+K", "hand_back": "Alt+B", "record": "Ctrl+Enter"}
RENEW_PROMPT = timedelta(minutes=2)


def _key(queue: Queue) -> str:
    return f"desk_current_{queue.value}"


def _draft(viewer: Viewer, report_id: int) -> dict[str, object]:
    """What the reviewer chose and typed for a report: cached in the session, kept in the database (a reload, a
    claim that ran out or a refused decision loses nothing)."""
    drafts = st.session_state.setdefault("desk_drafts", {})
    if report_id not in drafts:
        stored = read(load_draft, user_id=viewer.id, report_id=report_id)
        drafts[report_id] = {"decision": stored.decision, "preset": stored.preset, "note": stored.note}
        st.session_state.setdefault("desk_saved", {})[report_id] = dict(drafts[report_id])
    return drafts[report_id]


def _save_draft(viewer: Viewer, report_id: int) -> None:
    """Write the draft to the database when it changed since it was last written."""
    draft, saved = _draft(viewer, report_id), st.session_state.setdefault("desk_saved", {})
    if saved.get(report_id) != draft:
        with db() as session:
            save_draft(session, user_id=viewer.id, report_id=report_id, draft=Draft(**draft))
        saved[report_id] = dict(draft)


def _load(report_id: int, viewer: Viewer) -> CurrentReport:
    return read(current_report, report_id=report_id, user_id=viewer.id, data_dir=settings().data_dir)


def _countdown(deadline: datetime) -> str:
    left = deadline - utcnow()
    text = duration(abs(left))
    if left > timedelta(0):
        return ":green[" + t("SLA: {left} left", left=text) + "]"
    return ":red[" + t("SLA breached {ago} ago", ago=text) + "]"


def _report_panel(current: CurrentReport, viewer: Viewer) -> None:
    level = reports.PRIORITY_NAMES[current.priority]
    st.subheader(t("Report {report} · {reason} · {level} priority", report=current.external_id,
                   reason=t(label(current.reason)), level=t(level)), anchor="report")
    st.markdown(f"{_countdown(current.sla_due_at)} · " + t("received {at}", at=local(current.received_at)))
    st.markdown(t("**Stream** {title} ({id}) — {category}, {place}, {visibility}, {state}; owner {owner}",
                  title=plain(current.stream["title"]), id=plain(current.stream["external_id"]),
                  category=label(current.stream["category"]), place=label(current.stream["place"]),
                  visibility=label(current.stream["visibility"]), state=label(current.stream["state"]),
                  owner=plain(current.stream["owner"])))
    st.info(plain(current.text) if current.text else t("(the reporter left no text)"), icon=":material/chat:")
    if current.escalation:
        st.warning(t("Escalated: {reason}", reason=plain(current.escalation)))
    evidence(viewer, current.evidence, key=f"scan{current.scan_id}", scan_id=current.scan_id,
             context=f"report {current.external_id}", shortcut=SHORTCUTS["reveal"])
    with st.expander(t("Earlier reports on this stream ({n})", n=len(current.earlier))):
        st.dataframe(readable(current.earlier), hide_index=True)


@st.fragment(run_every=timedelta(seconds=5))
def _claim_clock(viewer: Viewer, report_id: int, lease_expires_at: datetime) -> None:
    """The claim's countdown; a renew prompt in its last two minutes; the whole page refreshes when it runs out."""
    expires = max(st.session_state.get(f"lease_{report_id}", lease_expires_at), lease_expires_at)
    left = expires - utcnow()
    if left <= timedelta(0):
        st.rerun(scope="app")
    text = t("Your claim runs out in {left} ({at})", left=duration(left, seconds=left < timedelta(minutes=1)),
             at=local(expires, "time"))
    (st.warning if left <= RENEW_PROMPT else st.caption)(text)
    if st.button(t("Keep working (renew claim)"), icon=":material/timer:", shortcut=SHORTCUTS["renew"],
                 type="primary" if left <= RENEW_PROMPT else "secondary"):
        with shown_errors():  # a fragment rerun runs outside the page's boundary
            renewed = act(viewer, renew, report_id=report_id, settings=settings())
            st.session_state[f"lease_{report_id}"] = renewed.lease_expires_at
            st.rerun(scope="fragment")


def _choose(viewer: Viewer, report_id: int, decision: Decision) -> None:
    _draft(viewer, report_id)["decision"] = decision
    st.session_state["desk_focus_next"] = "preset"


def _decision_buttons(viewer: Viewer, report_id: int, queue: Queue) -> Decision | None:
    chosen = _draft(viewer, report_id).get("decision")
    columns = st.columns(len(_DECISIONS[queue]))
    for number, (column, decision) in enumerate(zip(columns, _DECISIONS[queue]), start=1):
        column.button(t(decision.action), key=f"decision_{report_id}_{decision.value}", shortcut=f"Alt+{number}",
                      type="primary" if chosen == decision else "secondary", on_click=_choose,
                      args=(viewer, report_id, decision), width="stretch")
    return chosen


def _kept(key: str, draft: dict[str, object], field: str) -> None:
    """Give a widget the draft's value when it is (re)created, e.g. after the claim was taken again."""
    if key not in st.session_state and draft.get(field):  # an empty draft restores nothing (never blanks a box)
        st.session_state[key] = draft[field]


def _decision_form(current: CurrentReport, viewer: Viewer, queue: Queue) -> None:
    st.markdown(t("**Decision** (no decision is chosen for you)"))
    draft = _draft(viewer, current.id)
    decision = _decision_buttons(viewer, current.id, queue)
    options = [t(text) for text in read(preset_reasons)[decision]] if decision else []  # the defaults translated
    preset_key, note_key = f"preset_{current.id}_{decision}", f"note_{current.id}"
    _kept(preset_key, draft, "preset")
    _kept(note_key, draft, "note")
    draft["preset"] = st.selectbox(t("Preset reason"), options, index=None, key=preset_key, disabled=not decision,
                                   placeholder=t("Choose a decision first") if not decision else t("Choose a reason"),
                                   on_change=st.session_state.__setitem__, args=("desk_focus_next", "note"))
    draft["note"] = st.text_area(t("Note (optional with a preset reason; recorded with the decision)"), key=note_key,
                                 height=80)
    keyboard.keep_typing(note_key)
    _focus_next(preset_key, note_key)
    _save_draft(viewer, current.id)
    record, release = st.columns([2, 1])
    if record.button(t("Record decision"), type="primary", disabled=decision is None, shortcut=SHORTCUTS["record"],
                     key=f"record_{current.id}"):
        with shown_errors():
            act(viewer, decide, report_id=current.id, decision=decision,
                reason=compose_reason(draft.get("preset"), draft.get("note")))
            _done(viewer, current, queue, t("Report {report}: {decision}.", report=current.external_id,
                                            decision=t(decision.action).lower()))
    if release.button(t("Hand back to the queue"), icon=":material/undo:", shortcut=SHORTCUTS["hand_back"]):
        act(viewer, hand_back, report_id=current.id, reason=N_("handed back"))
        _done(viewer, current, queue, t("Report {report} went back to the queue.", report=current.external_id))


def _done(viewer: Viewer, current: CurrentReport, queue: Queue, notice: str, *, keep_link: bool = False) -> None:
    with db() as session:
        drop_draft(session, user_id=viewer.id, report_id=current.id)
    st.session_state.get("desk_drafts", {}).pop(current.id, None)
    st.session_state.pop(_key(queue), None)
    if not keep_link:
        st.query_params.pop("report", None)
    st.session_state["desk_last"] = notice
    st.rerun()


def _claim(viewer: Viewer, queue: Queue) -> None:
    if st.button(t("Claim the most urgent report"), type="primary", icon=":material/front_hand:",
                 shortcut=SHORTCUTS["claim"]):
        report = act(viewer, claim_next, settings=settings(), queue=queue)
        if report is None:
            st.success(t("Nothing is waiting in this queue."))
        else:
            st.session_state[_key(queue)] = report.id
            st.session_state["desk_focus"] = True
            st.rerun()


def _refill(viewer: Viewer, report_id: int) -> None:
    """Put the kept draft back into the form's widgets (they are not on the page in this run, so this is allowed)."""
    draft = _draft(viewer, report_id)
    st.session_state[f"note_{report_id}"] = draft.get("note") or ""
    if draft.get("decision") and draft.get("preset"):
        st.session_state[f"preset_{report_id}_{draft['decision']}"] = draft["preset"]


def _focus_report() -> None:
    """After a claim: bring the report into view and put the keyboard on its first decision button."""
    keyboard.focus('[class*="st-key-decision_"] button', scroll_to="report")


def _focus_next(preset_key: str, note_key: str) -> None:
    """Keyboard order: after a decision the preset reason, after a preset reason the note."""
    target = st.session_state.pop("desk_focus_next", None)
    if target == "preset":
        keyboard.focus(f".st-key-{preset_key} input")
    elif target == "note":
        keyboard.focus(f".st-key-{note_key} textarea")


def _lost_claim(viewer: Viewer, queue: Queue, report_id: int) -> None:
    """The claim this reviewer held ran out or went elsewhere: say so, keep the draft, offer to take it again."""
    current = _load(report_id, viewer)
    kept = t(" Your decision and reason are kept.") if any(_draft(viewer, report_id).values()) else ""
    st.warning(t("You no longer hold report {report} ({status}): the claim ran out or it was decided elsewhere.",
                 report=current.external_id, status=t(label(current.status))) + kept)
    again, drop = st.columns(2)
    claimable = current.status in (ReportStatus.OPEN, ReportStatus.ESCALATED)
    if claimable and again.button(t("Claim it again"), type="primary"):
        with shown_errors():
            act(viewer, claim, report_id=report_id, settings=settings(), queue=queue)
            _refill(viewer, report_id)
            st.rerun()
    if drop.button(t("Leave it")):
        _done(viewer, current, queue, t("Left report {report}.", report=current.external_id))


def _workspace(viewer: Viewer, queue: Queue) -> None:
    if notice := st.session_state.pop("desk_last", None):
        st.success(notice)
    held = read(held_report, user_id=viewer.id, queue=queue)  # from the database: survives a reload
    if held is None:
        lost = st.session_state.get(_key(queue)) or read(drafted_report, user_id=viewer.id, queue=queue)
        if lost is not None:
            _lost_claim(viewer, queue, lost)
        else:
            _linked_report(viewer, queue)
            _claim(viewer, queue)
        return
    st.session_state[_key(queue)] = held
    current = _load(held, viewer)
    _link_while_holding(viewer, current, queue)
    _report_panel(current, viewer)
    _claim_clock(viewer, current.id, current.lease_expires_at)
    _decision_form(current, viewer, queue)
    if st.session_state.pop("desk_focus", False):
        _focus_report()


def _link_while_holding(viewer: Viewer, current: CurrentReport, queue: Queue) -> None:
    """A ?report= link to another report while one is held: say why it waits, offer to hand this one back."""
    if not (ref := st.query_params.get("report")) or ref == current.external_id:
        return
    st.info(t("The link asks for report {linked}, but you hold report {held}: record a decision on it or hand it "
              "back, and the linked report can be claimed.", linked=ref, held=current.external_id))
    if st.button(t("Hand back {held} to open {linked}", held=current.external_id, linked=ref), key="link_hand_back"):
        act(viewer, hand_back, report_id=current.id, reason=N_("handed back for a linked report"))
        _done(viewer, current, queue, t("Report {report} went back to the queue.", report=current.external_id),
              keep_link=True)


def _linked_report(viewer: Viewer, queue: Queue) -> None:
    """A ?report= link: claim that report if it waits in this queue."""
    if not (ref := st.query_params.get("report")):
        return
    with shown_errors():
        report_id = read(report_by_ref, ref=ref).id
        if st.button(t("Claim report {report} (from the link)", report=ref), type="primary"):
            act(viewer, claim, report_id=report_id, settings=settings(), queue=queue)
            st.rerun()


def _queue_and_calls(session: Session, *, statuses: tuple[ReportStatus, ...]
                     ) -> tuple[pd.DataFrame, list[reports.Calling]]:
    return (reports.queue_overview(session, statuses=statuses),
            reports.calling_reports(session, statuses=statuses))


@st.cache_data(ttl=timedelta(seconds=4), show_spinner=False, max_entries=16)
def _queue_counts(database: str, statuses: tuple[ReportStatus, ...]
                  ) -> tuple[pd.DataFrame, list[reports.Calling]]:
    """The queue counts and the reports calling for a reviewer, read at most once in a few seconds for every
    open desk page of this server: each page reading them itself every 5 s was, at 32 reviewers, most of the
    database's work and the tail of everyone's claim (benchmarks/queue_bench.py)."""
    return read(_queue_and_calls, statuses=statuses)


@st.fragment(run_every=timedelta(seconds=5))
def _overview(queue: Queue) -> None:
    """Queue counts, refreshed every few seconds without rerunning (or clearing) the rest of the page."""
    overview, calling = _queue_counts(settings().sqlalchemy_url, _STATUSES[queue])
    desk_calls.call(calling, queue_name=queue.value)
    columns = st.columns(4)
    columns[0].metric(t("Waiting"), int(overview["open"].sum()) if len(overview) else 0)
    columns[1].metric(t("Past SLA"), int(overview["breached"].sum()) if len(overview) else 0)
    columns[2].metric(t("Claimed now"), int(overview["claimed"].sum()) if len(overview) else 0)
    oldest = overview["oldest"].min() if len(overview) else None
    columns[3].metric(t("Oldest waiting"), duration(utcnow() - oldest) if oldest is not None else "—",
                      help=t("Received {at}", at=local(oldest)) if oldest is not None else None)
    if len(overview):
        st.dataframe(readable(overview), hide_index=True, height=150)


def _handover_notes(viewer: Viewer) -> None:
    with db() as session:
        notes = [(n.id, n.author.display_name, n.created_at, n.body, n.acknowledged_at)
                 for n in handover.recent_notes(session)]
    for note_id, author, created, body, acknowledged in notes:
        if acknowledged is None:
            box = st.container(border=True)
            box.markdown(t("**Hand-over from {author}** · {at}", author=plain(author), at=local(created))
                         + f"\n\n{plain(body)}")
            if box.button(t("Read"), key=f"ack_{note_id}"):
                with acting(viewer) as (session, actor):
                    handover.acknowledge(session, actor=actor, note_id=note_id)
                st.rerun()


def _my_day(viewer: Viewer) -> None:
    since = sla.start_of_day(tz=settings().timezone)
    with db() as session:
        mine = [{"report": r.external_id, "decision": r.decision.value if r.decision else "escalated",
                 "at": r.decided_at, "reason": r.decision_reason}
                for r in sla.decisions_since(session, user_id=viewer.id, since=since)]
    with st.expander(t("My decisions today ({n})", n=len(mine))):
        st.dataframe(readable(pd.DataFrame(mine)), hide_index=True)
    with st.expander(t("Write a hand-over note for the next shift")), st.form("handover", clear_on_submit=True):
        body = st.text_area(t("Note"))
        if st.form_submit_button(t("Leave note")):
            with acting(viewer) as (session, actor):
                handover.add_note(session, actor=actor, body=body)
            st.success(t("Note left for the next shift."))


def _rejected_intake() -> None:
    with db() as session:
        rows = [{"at": r.created_at, "source": r.source, "line": r.line_no, "reason": t(intake.rejection_reason(r)),
                 "record": r.raw[:200]} for r in intake.recent_rejections(session)]
    with st.expander(t("Report-button records that could not be taken in ({n} latest)", n=len(rows))):
        st.dataframe(readable(pd.DataFrame(rows)), hide_index=True)


def render_desk(viewer: Viewer, queue: Queue) -> None:
    """The whole desk: hand-over notes first, live overview, the report in hand, my day."""
    keyboard.desk_keys()
    _handover_notes(viewer)
    desk_calls.sound_switch()
    _overview(queue)
    st.divider()
    _workspace(viewer, queue)
    st.divider()
    _my_day(viewer)
    if queue == Queue.REPORTS:
        _rejected_intake()


def preset_editor(viewer: Viewer) -> None:
    """Compliance leads edit the preset reasons reviewers pick from (one per line)."""
    with st.expander(t("Preset reasons (one per line; reviewers pick from these)")):
        presets = read(preset_reasons)
        decision = st.selectbox(t("Decision"), list(Decision), format_func=lambda d: t(d.action),
                                key="preset_decision")
        text = st.text_area(t("Reasons"), "\n".join(t(p) for p in presets[decision]), key=f"preset_text_{decision.value}",
                            height=160)
        if st.button(t("Save preset reasons"), key="save_presets"):
            saved = act(viewer, set_preset_reasons, decision=decision, reasons=text.splitlines())
            st.success(t("{n} preset reason(s) saved for “{decision}”.", n=len(saved), decision=t(decision.action)))
