"""Statements of reasons: one notice to a stream's owner for each decision that limits what they may broadcast.

A notice tells the decision, its policy ground (a code and its text), the facts (scan numbers and the detector
that ran, the report's reason, dates in Beijing time), whether a person or the scanner decided, and how to appeal
until when. Never the reporter, never an evidence frame, never a reviewer's name: the decider's id stays in the
console (the four-eyes rule of appeals) and is not in the payload. Written in the decision's own transaction;
delivered afterwards by the worker (`outbox.deliver_due`).
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.languages import CODES as LANGUAGES
from dashboard.db.models import Flag, OwnerNotice, Report, Scan, Stream, Takedown
from dashboard.enums import DeliveryState, NoticeKind, NoticeSource, StreamState, TakedownSource, Visibility
from dashboard.i18n import translate, words
from dashboard.messages import N_
from dashboard.services.access.audit import jsonable
from dashboard.services.access.permissions import Actor, SystemActor

APPEAL_WINDOW = timedelta(days=14)  # how long an owner may appeal after the notice (stated in it)
OWNER_LANGUAGE = LANGUAGES[0]  # owners are told in Chinese unless their record names another language
BEIJING = ZoneInfo("Asia/Shanghai")
KIND_TEXT = {
    NoticeKind.TAKE_DOWN: N_("Your stream “{title}” was taken offline."),
    NoticeKind.SUSPEND: N_("Your stream “{title}” was suspended pending review."),
    NoticeKind.MAKE_PRIVATE: N_("Your stream “{title}” was made private: only people you share it with can watch."),
    NoticeKind.STICKER_REVOKED: N_("The consent sticker of your stream “{title}” was revoked; the stream may not "
                                   "be public until a new sticker is verified."),
    NoticeKind.SHUT_DOWN: N_("Live broadcasting has ended on the platform: your streams are off."),
    NoticeKind.APPEAL_UPHELD: N_("Your appeal about “{title}” was reviewed by a second person: the decision stands."),
    NoticeKind.APPEAL_OVERTURNED: N_("Your appeal about “{title}” was upheld: the decision is reversed."),
}
GROUND_TEXT = {
    "foot_traffic": N_("It showed a public place with people passing by who had not agreed to be broadcast."),
    "privacy": N_("It showed people in a way that intrudes on their privacy."),
    "minors": N_("It showed minors without the protection the policy requires."),
    "indecent": N_("It showed indecent content."),
    "sticker_missing": N_("A merchant stream must show a verified consent sticker to the people it films."),
    "welfare_revoked": N_("Its welfare certification was withdrawn after an audit."),
    "campus_public": N_("A campus stream may only be watched with the password a teacher sets."),
    "shutdown": N_("The platform's live broadcasting has been wound down for every owner."),
    "other": N_("It broke the platform's broadcasting policy."),
}
AUTOMATED = N_("Decided automatically by the camera scan.")
BY_A_PERSON = N_("Decided by a person on the platform's review team.")
_SEVERITY = {StreamState.LIVE: 0, StreamState.SUSPENDED: 1, StreamState.TAKEN_DOWN: 2, StreamState.SHUT_DOWN: 3}
_STATE_KIND = {StreamState.TAKEN_DOWN: NoticeKind.TAKE_DOWN, StreamState.SUSPENDED: NoticeKind.SUSPEND,
               StreamState.SHUT_DOWN: NoticeKind.SHUT_DOWN}
TAKEDOWN_SOURCE = {TakedownSource.REPORT: NoticeSource.USER_REPORT, TakedownSource.SCAN_FLAG: NoticeSource.SCAN_FLAG,
                   TakedownSource.POLICY_SWEEP: NoticeSource.COMPLIANCE, TakedownSource.SHUTDOWN: NoticeSource.SHUTDOWN}


@dataclass(frozen=True)
class Decided:
    """What the owner is told about a decision: its kind, ground and source, and the facts behind it."""

    kind: NoticeKind
    ground: str
    source: NoticeSource
    source_detail: str | None = None
    facts: dict[str, object] = field(default_factory=dict)


def restricting(stream: Stream, *, state: StreamState | None, visibility: Visibility | None) -> NoticeKind | None:
    """The kind of notice a move owes the owner: one that turns a stream off, suspends it or makes it private
    (a move back towards live, as an overturned appeal makes, owes none)."""
    if state is not None and _SEVERITY[state] > _SEVERITY[stream.state]:
        return _STATE_KIND[state]
    if visibility is not None and stream.visibility == Visibility.PUBLIC and visibility != Visibility.PUBLIC:
        return NoticeKind.MAKE_PRIVATE
    return None


def tell_owner(session: Session, *, actor: Actor, stream: Stream, decided: Decided,
               appeal_id: int | None = None) -> OwnerNotice:
    """Write the owner's notice of this decision into the outbox (delivered later, at least once)."""
    notice = OwnerNotice(**notice_row(owner_id=stream.owner_id, stream_id=stream.id,
                                      language=stream.owner.language, decided=decided,
                                      automated=isinstance(actor, SystemActor), decided_by_id=getattr(actor, "id", None),
                                      at=utcnow(), appeal_id=appeal_id))
    session.add(notice)
    return notice


def notice_row(*, owner_id: int, stream_id: int, language: str | None, decided: Decided, automated: bool,
               decided_by_id: int | None, at: datetime, appeal_id: int | None = None) -> dict[str, object]:
    """The column values of a pending notice (the one place they are made: a decision, the shutdown, the demo)."""
    appealable = decided.kind not in (NoticeKind.APPEAL_UPHELD, NoticeKind.APPEAL_OVERTURNED)
    return {"public_id": str(uuid.uuid4()), "owner_id": owner_id, "stream_id": stream_id, "kind": decided.kind,
            "ground": decided.ground, "source": decided.source, "source_detail": decided.source_detail,
            "automated": automated, "facts": jsonable(decided.facts), "language": language or OWNER_LANGUAGE,
            "created_at": at, "appeal_until": at + APPEAL_WINDOW if appealable else None,
            "decided_by_id": decided_by_id, "appeal_id": appeal_id, "delivery_state": DeliveryState.PENDING,
            "attempts": 0, "next_attempt_at": at}


def tell_owners_of_shutdown(session: Session, *, actor: Actor, streams: list[tuple[int, str | None, int, str]],
                            request_id: int, now: datetime) -> int:
    """One notice per owner of the streams a full shutdown turned off ((owner, language, stream id, visible id)
    each, as the shutdown read them), inserted in batches; returns how many."""
    by_owner: dict[int, list[tuple[int, str]]] = {}
    languages: dict[int, str | None] = {}
    for owner_id, language, stream_id, external_id in streams:
        languages[owner_id] = language
        by_owner.setdefault(owner_id, []).append((stream_id, external_id))
    rows = [notice_row(owner_id=owner_id, stream_id=owned[0][0], language=languages[owner_id], automated=False,
                       decided=Decided(NoticeKind.SHUT_DOWN, "shutdown", NoticeSource.SHUTDOWN, None,
                                       {"streams": sorted(e for _, e in owned), "shutdown_request": request_id}),
                       decided_by_id=actor.id, at=now)
            for owner_id, owned in by_owner.items()]
    for start in range(0, len(rows), 5000):
        session.execute(insert(OwnerNotice), rows[start:start + 5000])
    return len(rows)


def for_takedown(session: Session, takedown: Takedown) -> Decided:
    """The notice of a takedown: its reason as the ground, and the report's or the scan's facts."""
    facts: dict[str, object] = {"takedown_id": takedown.id}
    detail = None
    if takedown.report_id is not None:
        told = for_report(session.get(Report, takedown.report_id), NoticeKind.TAKE_DOWN)
        detail, facts = told.source_detail, facts | told.facts
    if takedown.flag_id is not None:
        flag = session.get(Flag, takedown.flag_id)
        scan = session.get(Scan, flag.scan_id) if flag.scan_id is not None else None  # demo flags have none
        facts |= {"flag_kind": flag.kind.value} | (scan_facts(scan) if scan is not None else {})
        detail = facts.get("detector")
    return Decided(NoticeKind.SHUT_DOWN if takedown.source == TakedownSource.SHUTDOWN else NoticeKind.TAKE_DOWN,
                   takedown.reason.value, TAKEDOWN_SOURCE[takedown.source], detail, facts)


def for_report(report: Report, kind: NoticeKind) -> Decided:
    """The notice of a decision on a viewer's report: its reason and when it came (never who sent it)."""
    ground = report.reason.value if report.reason.value in GROUND_TEXT else "other"
    return Decided(kind, ground, NoticeSource.USER_REPORT, report.reason.value,
                   {"report_reason": report.reason.value, "reported_at": report.received_at})


def backend(described: object) -> str | None:
    """The detector's name as a scan describes it ('ssdlite', 'yolo'), without the console's own notes about it."""
    name = re.split(r"[\s(:]", str(described or "").strip(), maxsplit=1)[0]
    return name[:40] or None


def scan_facts(scan: Scan) -> dict[str, object]:
    """What a scan measured, as the owner is told it (numbers and the detector; no frames)."""
    return {"scan_id": scan.id, "scanned_at": scan.finished_at or scan.started_at,
            "detector": backend((scan.detectors or {}).get("persons")), "people_peak": scan.people_peak,
            "people_per_minute": scan.tracks_per_minute, "share_of_frames_with_people": scan.frames_with_people}


def render(notice: OwnerNotice, *, language: str | None = None) -> dict[str, object]:
    """The notice as the platform receives it: codes, facts and the texts in the owner's language."""
    language = language or notice.language
    title = notice.stream.title
    facts = {key: _local(value) for key, value in notice.facts.items()}
    how = translate(language, N_("To appeal, use “Appeal” on this notice in the app before {until} (Beijing time); "
                                 "a person who did not make the decision will review it."),
                    until=_local(notice.appeal_until)) if notice.appeal_until else ""
    return {
        "id": notice.public_id, "owner": notice.owner.external_id, "stream": notice.stream.external_id,
        "kind": notice.kind.value, "ground": notice.ground, "automated": notice.automated,
        "decided_at": _local(notice.created_at), "appeal_until": _local(notice.appeal_until),
        "facts": facts, "language": language,
        "text": {"decision": translate(language, KIND_TEXT[notice.kind], title=title),
                 "ground": translate(language, GROUND_TEXT.get(notice.ground, GROUND_TEXT["other"])),
                 "how_decided": translate(language, AUTOMATED if notice.automated else BY_A_PERSON),
                 "facts": _facts_text(language, notice.facts), "appeal": how},
    }


def _facts_text(language: str, facts: dict[str, object]) -> str:
    parts = []
    if "detector" in facts:
        parts.append(translate(language, N_("The scan of {when} (detector: {detector}) saw up to {peak} people at "
                                            "once and {rate} different people a minute."),
                               when=_local(facts.get("scanned_at")), detector=facts.get("detector") or "—",
                               peak=facts.get("people_peak"), rate=facts.get("people_per_minute") or 0))
    if "report_reason" in facts:
        parts.append(translate(language, N_("A viewer reported it on {when} for: {reason}."),
                               when=_local(facts.get("reported_at")), reason=words(language, facts["report_reason"])))
    if "streams" in facts:
        parts.append(translate(language, N_("Streams turned off: {streams}."), streams=", ".join(facts["streams"])))
    return " ".join(parts)


def _local(value: object) -> object:
    """A stored UTC time (or its ISO text) as Beijing time 'YYYY-MM-DD HH:MM'; anything else as it is."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    return value
