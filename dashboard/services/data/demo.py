"""Deterministic demo data: a believable platform about 60 days into its wind-down."""
from __future__ import annotations

import itertools
import math
import random
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.enums import (
    AuditAction,
    FOOT_TRAFFIC_PLACES, Category, CheckStatus, Decision, FlagKind, OwnerKind, PlaceType, ReportReason, ReportStatus, Role,
    StickerStatus, StreamState, TakedownReason, TakedownSource, Visibility, WelfareCertification,
    WelfareDecision,
)
from dashboard.db.models import (
    Appeal, CampusShare, CampusTeacher, ConsentSticker, Flag, Owner, Report, Stream, Takedown, User, WelfareAudit,
)
from dashboard.errors import Conflict, PermissionDenied
from dashboard.services.access import audit
from dashboard.services.streams import lifecycle
from dashboard.services.access.auth import hash_password
from dashboard.services.access.permissions import SYSTEM
from dashboard.services.data import demo_words
from dashboard.services.data.demo_appeals import demo_notices
from dashboard.services.desk.reports import priority_for, sla_deadline
from dashboard.services.streams.moderation import compliance_defaults
from detectors.scene import Reason

MEDIA_DIR = Path(__file__).resolve().parents[3] / "data" / "media"
DEMO_ACCOUNTS = [  # username, display name, role, password (demo only; printed by the setup command)
    ("rita", "李丽塔", Role.REVIEWER, "review-desk-2026"),
    ("ravi", "王夜班", Role.REVIEWER, "night-shift-2026"),
    ("lena", "陈合规", Role.COMPLIANCE_LEAD, "compliance-2026"),
    ("marco", "马经理", Role.MANAGER, "wind-down-2026"),
    ("ada", "赵管理", Role.ADMIN, "console-admin-2026"),
    ("tara", "唐老师", Role.TEACHER, "class-teacher-2026"),
]
DEMO_CAMPUS_PASSWORD = "parents-watch-2026"
SAMPLE_CLIPS = [  # file, title, category, place type
    ("davis_breakdance.mp4", "广场街舞直播", Category.OTHER, PlaceType.SQUARE),
    ("davis_parkour.mp4", "步行道跑酷练习", Category.OTHER, PlaceType.STREET),
    ("davis_libby.mp4", "梨园里的小狗 Libby", Category.PET, PlaceType.HOME),
    ("davis_cows.mp4", "山坡牧场合作社", Category.ECOLOGICAL_AGRICULTURE, PlaceType.FARM),
]
_OWNER_KINDS = [(OwnerKind.INDIVIDUAL, 45), (OwnerKind.MERCHANT, 25), (OwnerKind.FARM_COOP, 14),
                (OwnerKind.WELFARE_ORG, 8), (OwnerKind.SCHOOL, 8)]
_CATEGORIES = {
    OwnerKind.INDIVIDUAL: [(Category.PET, 40), (Category.SCENERY, 30), (Category.CRAFT, 20), (Category.OTHER, 10)],
    OwnerKind.MERCHANT: [(Category.SHOP, 60), (Category.RESTAURANT, 40)],
    OwnerKind.FARM_COOP: [(Category.AGRICULTURE, 60), (Category.ECOLOGICAL_AGRICULTURE, 40)],
    OwnerKind.WELFARE_ORG: [(Category.POVERTY_ALLEVIATION, 70), (Category.ECOLOGICAL_AGRICULTURE, 30)],
    OwnerKind.SCHOOL: [(Category.CAMPUS, 100)],
}
_PLACES = {
    Category.PET: [PlaceType.HOME], Category.SCENERY: [PlaceType.NATURE, PlaceType.STREET, PlaceType.SQUARE],
    Category.CRAFT: [PlaceType.WORKSHOP, PlaceType.HOME], Category.OTHER: [PlaceType.OTHER, PlaceType.STREET],
    Category.SHOP: [PlaceType.SHOP], Category.RESTAURANT: [PlaceType.RESTAURANT],
    Category.AGRICULTURE: [PlaceType.FARM], Category.ECOLOGICAL_AGRICULTURE: [PlaceType.FARM, PlaceType.NATURE],
    Category.POVERTY_ALLEVIATION: [PlaceType.FARM, PlaceType.WORKSHOP, PlaceType.SHOP],
    Category.CAMPUS: [PlaceType.CLASSROOM],
}
DECISION_NOTES = {Decision.DISMISS: "未发现违规", Decision.TAKE_DOWN: "画面中有未同意的路人，下架",
                  Decision.MAKE_PRIVATE: "改为仅主人可见", Decision.ESCALATE: "升级给合规主管"}
# Report arrivals by hour of day (UTC+8 local evening peak, quiet small hours).
_HOURLY = [2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 7, 6, 6, 6, 7, 8, 10, 12, 12, 11, 8, 4]


@dataclass
class DemoSummary:
    """Counts of what the generator created."""

    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _pick(rng: random.Random, weighted: list[tuple[object, int]]) -> object:
    items, weights = zip(*weighted)
    return rng.choices(items, weights=weights, k=1)[0]


def create_demo_users(session: Session) -> dict[str, User]:
    """The demo accounts (one argon2 hash each)."""
    users = {}
    for username, name, role, password in DEMO_ACCOUNTS:
        users[username] = User(username=username, display_name=name, role=role,
                               password_hash=hash_password(password), active=True, failed_logins=0)
    session.add_all(users.values())
    session.flush()
    return users


def _owners(rng: random.Random, n: int, now: datetime) -> list[Owner]:
    owners = []
    for i in range(n):
        kind = _pick(rng, _OWNER_KINDS)
        verified = rng.random() < 0.85
        owners.append(Owner(
            external_id=f"own-{i:05d}", name=demo_words.owner_name(rng, kind), kind=kind,
            real_name_verified=verified,
            background_check=CheckStatus.PASSED if verified and rng.random() < 0.9 else CheckStatus.PENDING,
            created_at=now - timedelta(days=rng.randint(90, 900)),
        ))
    return owners


def _stream(rng: random.Random, owner: Owner, index: int, now: datetime) -> Stream:
    category = _pick(rng, _CATEGORIES[owner.kind])
    place = rng.choice(_PLACES[category])
    stream = Stream(
        external_id=f"str-{index:06d}", owner=owner, title=demo_words.stream_title(rng, category),
        category=category, place_type=place, visibility=Visibility.PUBLIC, state=StreamState.LIVE,
        created_at=now - timedelta(days=rng.randint(70, 700)), **compliance_defaults(category),
    )
    stream.updated_at = stream.created_at
    return stream


def _days_ago(rng: random.Random, now: datetime, low: float = 0.2, high: float = 60, mode: float = 35) -> datetime:
    return now - timedelta(days=rng.triangular(low, high, mode), minutes=rng.randint(0, 59))


def _take_down(rng: random.Random, stream: Stream, *, now: datetime, reason: TakedownReason,
               source: TakedownSource, actor: User) -> Takedown:
    at = _days_ago(rng, now)
    takedown = Takedown(stream=stream, reason=reason, source=source, note="演示数据：历史下架",
                        actor_id=actor.id, created_at=at, previous_state=StreamState.LIVE,
                        previous_visibility=stream.visibility)
    lifecycle.seeded(stream, state=StreamState.TAKEN_DOWN, visibility=Visibility.OFF)
    stream.updated_at = at
    return takedown


def _fate(rng: random.Random, stream: Stream, users: dict[str, User], now: datetime) -> list[object]:
    """Give one stream its wind-down history; returns extra rows to add."""
    reviewer, lead = users[rng.choice(["rita", "ravi"])], users["lena"]
    roll = rng.random()
    if stream.category == Category.CAMPUS:
        return _campus_fate(rng, stream, roll, lead, now)
    if stream.category in (Category.POVERTY_ALLEVIATION, Category.ECOLOGICAL_AGRICULTURE):
        return _welfare_fate(rng, stream, roll, lead, now)
    if stream.place_type in FOOT_TRAFFIC_PLACES and roll < 0.75:
        source = _pick(rng, [(TakedownSource.SCAN_FLAG, 5), (TakedownSource.REPORT, 3), (TakedownSource.POLICY_SWEEP, 2)])
        return [_take_down(rng, stream, now=now, reason=TakedownReason.FOOT_TRAFFIC, source=source, actor=reviewer)]
    if stream.category in (Category.SHOP, Category.RESTAURANT):
        return _sticker_fate(rng, stream, lead, now)
    if roll < 0.06:
        reason = rng.choice([TakedownReason.PRIVACY, TakedownReason.INDECENT, TakedownReason.MINORS])
        return [_take_down(rng, stream, now=now, reason=reason, source=TakedownSource.REPORT, actor=reviewer)]
    if roll < 0.25:
        lifecycle.seeded(stream, visibility=Visibility.OFF)
    return []


def _campus_fate(rng: random.Random, stream: Stream, roll: float, lead: User, now: datetime) -> list[object]:
    if roll < 0.12:
        return [_take_down(rng, stream, now=now, reason=TakedownReason.CAMPUS_PUBLIC,
                           source=TakedownSource.POLICY_SWEEP, actor=lead)]
    if roll < 0.8:
        lifecycle.seeded(stream, visibility=Visibility.PRIVATE_SHARED)
        return [CampusShare(stream=stream, password_hash=_campus_hash(), set_by_id=lead.id,
                            set_at=_days_ago(rng, now), successful_views=rng.randint(0, 400))]
    return []  # still public: the sweep in the compliance issue must catch these


@lru_cache(maxsize=1)
def _campus_hash() -> str:
    return hash_password(DEMO_CAMPUS_PASSWORD)  # one argon2 hash shared by every demo classroom


def _welfare_fate(rng: random.Random, stream: Stream, roll: float, lead: User, now: datetime) -> list[object]:
    if roll < 0.1:
        stream.welfare_certification = WelfareCertification.REVOKED
        return [_take_down(rng, stream, now=now, reason=TakedownReason.WELFARE_REVOKED,
                           source=TakedownSource.POLICY_SWEEP, actor=lead)]
    if roll < 0.55:
        decided = now - timedelta(days=rng.randint(5, 200))
        due = (decided + timedelta(days=180)).date()
        stream.welfare_certification, stream.welfare_certified_until = WelfareCertification.CERTIFIED, due
        return [WelfareAudit(stream=stream, auditor_id=lead.id, decided_at=decided, decision=WelfareDecision.CERTIFY,
                             reason="真实公益内容，画面中没有路人", next_due_on=due)]
    return []  # pending audit


def _sticker_fate(rng: random.Random, stream: Stream, lead: User, now: datetime) -> list[object]:
    status = _pick(rng, [(StickerStatus.VERIFIED, 50), (StickerStatus.ISSUED, 25), (StickerStatus.MISSING, 20),
                         (StickerStatus.FAILED, 5)])
    stream.sticker_status = status
    if status == StickerStatus.MISSING:
        return []
    issued = _days_ago(rng, now, 1, 60, 45)
    sticker = ConsentSticker(stream=stream, token_id=f"demo-{stream.external_id}", status=status,
                             issued_at=issued, issued_by_id=lead.id)
    if status == StickerStatus.VERIFIED:
        sticker.verified_at, sticker.verified_by_id = issued + timedelta(days=rng.randint(1, 5)), lead.id
    return [sticker]


def _arrival(rng: random.Random, now: datetime) -> datetime:
    day = now - timedelta(days=rng.uniform(0, 60))
    hour = rng.choices(range(24), weights=_HOURLY, k=1)[0]
    at = day.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59), microsecond=0)
    return at if at < now else at - timedelta(days=1)


def _reports(rng: random.Random, streams: list[Stream], users: dict[str, User], settings: Settings,
             now: datetime, count: int, taken_down: dict[int, datetime]) -> list[Report]:
    weights = [4 if s.place_type in FOOT_TRAFFIC_PLACES or s.category == Category.CAMPUS else 1 for s in streams]
    cumulative = list(itertools.accumulate(weights))  # once, not per report: choices() is O(n) otherwise
    reports = []
    for i in range(count):
        stream = rng.choices(streams, cum_weights=cumulative, k=1)[0]
        reason = _pick(rng, [(ReportReason.PRIVACY, 45), (ReportReason.MINORS, 10),
                             (ReportReason.INDECENT, 10), (ReportReason.OTHER, 35)])
        received = _arrival(rng, now)
        while id(stream) in taken_down and received >= taken_down[id(stream)]:
            received -= timedelta(days=1)  # reports on a stream taken down since came before it (same hour)
        priority = priority_for(reason)
        report = Report(external_id=f"rep-{i:07d}", stream=stream, reason=reason, received_at=received,
                        text=demo_words.report_text(rng, reason), priority=priority,
                        sla_due_at=sla_deadline(received, priority, settings), status=ReportStatus.OPEN)
        if id(stream) in taken_down:
            _closed_by_takedown(report, users["rita"], taken_down[id(stream)])
        else:
            _maybe_decide(rng, report, users, now)
        reports.append(report)
    return reports


def _closed_by_takedown(report: Report, reviewer: User, at: datetime) -> None:
    report.status, report.decision, report.decided_by_id, report.decided_at = (
        ReportStatus.CLOSED, Decision.TAKE_DOWN, reviewer.id, at)
    report.first_claimed_at, report.decision_reason = at, "直播已下架"


def _decision_delay(rng: random.Random, report: Report) -> timedelta:
    """How long the desk took: most reports within a third of their SLA, a few near or past it."""
    sla = report.sla_due_at - report.received_at
    return sla * rng.lognormvariate(math.log(0.3), 0.75)


def _maybe_decide(rng: random.Random, report: Report, users: dict[str, User], now: datetime) -> None:
    delay = _decision_delay(rng, report)
    if report.received_at + delay > now:  # not reached yet: still open on tonight's desk
        return
    decision = _pick(rng, [(Decision.DISMISS, 60), (Decision.TAKE_DOWN, 18), (Decision.MAKE_PRIVATE, 10),
                           (Decision.ESCALATE, 12)])
    reviewer = users[rng.choice(["rita", "ravi"])]
    report.claimed_by_id, report.claimed_at = reviewer.id, report.received_at + delay * 0.7
    report.first_claimed_at = report.claimed_at
    if decision == Decision.ESCALATE:
        report.escalated_by_id, report.escalated_at = reviewer.id, report.received_at + delay
        report.escalation_reason = "需要合规主管判断"
        if now - report.escalated_at < timedelta(hours=rng.uniform(2, 12)):  # recent ones wait for a lead
            report.status, report.claimed_by_id = ReportStatus.ESCALATED, None
            return
        reviewer, decision = users["lena"], rng.choice([Decision.DISMISS, Decision.TAKE_DOWN])
        delay = min(delay * 2, now - report.received_at)
    report.decision, report.decided_by_id, report.decided_at = decision, reviewer.id, report.received_at + delay
    report.decision_reason = DECISION_NOTES[decision]
    report.status = ReportStatus.CLOSED


def _flags(rng: random.Random, streams: list[Stream], now: datetime) -> list[Flag]:
    candidates = [s for s in streams if s.state == StreamState.LIVE and s.visibility == Visibility.PUBLIC
                  and s.place_type in FOOT_TRAFFIC_PLACES]
    flags = []
    for stream in rng.sample(candidates, k=min(40, len(candidates))):
        tracks, peak, share = round(rng.uniform(6, 30), 1), rng.randint(4, 20), round(rng.uniform(0.5, 1), 2)
        reasons = [Reason(code, {"value": value, "limit": limit}).stored() for code, value, limit in
                   (("tracks_per_minute", tracks, 6.0), ("peak_people", peak, 4), ("frames_with_people", share, 0.5))]
        flags.append(Flag(stream=stream, kind=FlagKind.FOOT_TRAFFIC, created_at=_days_ago(rng, now, 0.05, 3, 1),
                          details={"demo": True, "tracks_per_minute": tracks, "people_peak": peak,
                                   "frames_with_people": share, "faces": rng.randint(0, 30), "reasons": reasons}))
    return flags


def _sample_streams(owners: list[Owner], now: datetime) -> list[Stream]:
    owner = next((o for o in owners if o.kind == OwnerKind.FARM_COOP), owners[0])
    streams = []
    for i, (name, title, category, place) in enumerate(SAMPLE_CLIPS):
        streams.append(Stream(external_id=f"sample-{i + 1}", owner=owner, title=title, category=category,
                              place_type=place, visibility=Visibility.PUBLIC, state=StreamState.LIVE,
                              source_uri=str(MEDIA_DIR / name), created_at=now - timedelta(days=30),
                              **compliance_defaults(category)))
    return streams


def _sample_reports(streams: list[Stream], settings: Settings, now: datetime) -> list[Report]:
    """One open privacy report per sample-clip stream, so the queue shows real, blurred scan evidence."""
    reports = []
    for i, stream in enumerate(streams):
        received = now - timedelta(minutes=20 + 10 * i)
        priority = priority_for(ReportReason.PRIVACY)
        reports.append(Report(external_id=f"rep-sample-{i + 1}", stream=stream, reason=ReportReason.PRIVACY,
                              received_at=received, priority=priority, status=ReportStatus.OPEN,
                              text=f"观众举报：《{stream.title}》未经同意拍摄路人",
                              sla_due_at=sla_deadline(received, priority, settings)))
    return reports


def _late_reports(rng: random.Random, streams: list[Stream], settings: Settings, now: datetime,
                  first: int) -> list[Report]:
    """A handful of open reports near or past their SLA, so the desk's overdue colours have something to show."""
    reports = []
    for i, share in enumerate((0.8, 0.92, 1.05, 1.2, 1.5)):
        stream, reason = rng.choice(streams), rng.choice(list(ReportReason))
        priority = priority_for(reason)
        sla = sla_deadline(now, priority, settings) - now
        received = now - sla * share
        reports.append(Report(external_id=f"rep-{first + i:07d}", stream=stream, reason=reason, received_at=received,
                              text=demo_words.report_text(rng, reason), priority=priority, status=ReportStatus.OPEN,
                              sla_due_at=received + sla))
    return reports


def _audit_history(session: Session, takedowns: list[Takedown], reports: list[Report]) -> int:
    for takedown in takedowns:
        audit.record(session, actor=SYSTEM, action=AuditAction.STREAM_TAKE_DOWN, entity_type="stream",
                     entity_id=takedown.stream_id, after={"state": "taken_down", "reason": takedown.reason.value,
                                                          "source": takedown.source.value},
                     reason=takedown.note, at=takedown.created_at)
    decided = [r for r in reports if r.decided_at is not None]
    for report in decided:
        audit.record(session, actor=SYSTEM, action=AuditAction.REPORT_DECIDE, entity_type="report", entity_id=report.id,
                     after={"decision": report.decision.value, "decided_by_id": report.decided_by_id},
                     reason=report.decision_reason, at=report.decided_at)
    return len(takedowns) + len(decided)


def has_streams(session: Session) -> bool:
    """Whether the database holds any stream (demo data goes only into an empty database)."""
    return session.scalar(select(Stream.id).limit(1)) is not None


def seed_demo(session: Session, *, settings: Settings, streams: int = 3000, seed: int = 20261121,
              now: datetime | None = None) -> DemoSummary:
    """Fill an empty database with the demo platform; refuses outside demo mode and a database with streams.

    The demo accounts have published passwords, so they must never reach a real deployment.
    """
    if not settings.demo_mode:
        raise PermissionDenied("Demo data (with its published passwords) loads only with CONSOLE_DEMO_MODE=true.")
    if has_streams(session):
        raise Conflict("The database already holds streams; demo data goes only into an empty database.")
    rng, now = random.Random(seed), now or utcnow()
    users = create_demo_users(session)
    owners = _owners(rng, max(4, streams // 2), now)
    stream_rows = [_stream(rng, rng.choice(owners), i, now) for i in range(streams)] + _sample_streams(owners, now)
    session.add_all(owners + stream_rows)
    extras = [row for s in stream_rows[:streams] for row in _fate(rng, s, users, now)]
    session.add_all(extras)
    session.flush()
    taken_down = {id(row.stream): row.created_at for row in extras if isinstance(row, Takedown)}
    reports = _reports(rng, stream_rows, users, settings, now, count=int(streams * 1.4), taken_down=taken_down)
    live = [s for s in stream_rows[:streams] if s.state == StreamState.LIVE and id(s) not in taken_down]
    reports += _late_reports(rng, live, settings, now, first=len(reports))
    reports += _sample_reports(stream_rows[streams:], settings, now)
    flags = _flags(rng, stream_rows, now)
    session.add_all(reports + flags)
    session.flush()
    takedowns = [row for row in extras if isinstance(row, Takedown)]
    told = demo_notices(rng, takedowns, users, now)
    session.add_all(told)
    events = _audit_history(session, takedowns, reports)
    school = next((o for o in owners if o.kind == OwnerKind.SCHOOL), None)
    if school is not None:  # the demo teacher may set the passwords of one school's classrooms
        session.add(CampusTeacher(user_id=users["tara"].id, owner_id=school.id, granted_by_id=users["lena"].id))
    audit.record(session, actor=SYSTEM, action=AuditAction.DEMO_SEED, entity_type="platform", entity_id="demo",
                 after={"streams": len(stream_rows), "reports": len(reports), "seed": seed})
    counts = {"users": len(users), "owners": len(owners), "streams": len(stream_rows), "reports": len(reports),
              "takedowns": len(takedowns), "flags": len(flags), "audit_events": events + 1,
              "appeals": sum(isinstance(row, Appeal) for row in told)}
    accounts = [(u, r.value, p) for u, _, r, p in DEMO_ACCOUNTS]
    return DemoSummary(counts=counts, accounts=accounts)
