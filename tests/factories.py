"""Factories for test data; every helper adds to the given session and flushes."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import (
    Category, FlagKind, OwnerKind, PlaceType, ReportReason, ReportStatus, Role, ScanStatus, StreamState,
    TakedownReason, TakedownSource, Verdict, Visibility,
)
from dashboard.db.models import CampusShare, Flag, Observation, Owner, Report, Scan, Stream, Takedown, User
from dashboard.services.access.auth import hash_password
from dashboard.services.streams.moderation import compliance_defaults

PASSWORD = "correct-horse-battery"
_ids = itertools.count(1)


@lru_cache(maxsize=8)
def _hash(password: str) -> str:
    return hash_password(password)


def make_user(session: Session, *, role: Role = Role.REVIEWER, username: str | None = None,
              password: str = PASSWORD, active: bool = True) -> User:
    """A console user with a known password."""
    user = User(username=username or f"{role.value}{next(_ids)}", display_name="Test user", role=role,
                password_hash=_hash(password), active=active, failed_logins=0)
    session.add(user)
    session.flush()
    return user


def make_owner(session: Session, *, kind: OwnerKind = OwnerKind.MERCHANT) -> Owner:
    """A camera owner."""
    owner = Owner(external_id=f"owner-{next(_ids)}", name="Test owner", kind=kind)
    session.add(owner)
    session.flush()
    return owner


def make_stream(session: Session, *, category: Category = Category.OTHER, place_type: PlaceType = PlaceType.STREET,
                visibility: Visibility = Visibility.PUBLIC, state: StreamState = StreamState.LIVE,
                owner: Owner | None = None, source_uri: str | None = None) -> Stream:
    """A stream (public and live unless told otherwise)."""
    stream = Stream(external_id=f"stream-{next(_ids)}", owner=owner or make_owner(session), title="Test stream",
                    category=category, place_type=place_type, visibility=visibility, state=state,
                    source_uri=source_uri, **compliance_defaults(category))
    session.add(stream)
    session.flush()
    return stream


def make_report(session: Session, *, stream: Stream, reason: ReportReason = ReportReason.PRIVACY,
                received_at: datetime | None = None, priority: int = 1, status: ReportStatus = ReportStatus.OPEN,
                sla: timedelta = timedelta(hours=2)) -> Report:
    """An open report on a stream."""
    received_at = received_at or utcnow()
    report = Report(external_id=f"report-{next(_ids)}", stream_id=stream.id, reason=reason, text="test",
                    received_at=received_at, priority=priority, sla_due_at=received_at + sla, status=status)
    session.add(report)
    session.flush()
    return report


def make_scan(session: Session, *, stream: Stream, verdict: Verdict = Verdict.PUBLIC_FOOT_TRAFFIC,
              people_peak: int = 6) -> Scan:
    """A finished scan of a stream with its verdict."""
    scan = Scan(stream_id=stream.id, started_at=utcnow(), finished_at=utcnow(), status=ScanStatus.DONE,
                verdict=verdict, people_peak=people_peak, frames_sampled=120, detectors={"persons": "ssdlite"})
    session.add(scan)
    session.flush()
    return scan


def make_flag(session: Session, *, stream: Stream, kind: FlagKind = FlagKind.FOOT_TRAFFIC,
              scan: Scan | None = None) -> Flag:
    """An open flag on a stream, raised by a scan (made here unless given)."""
    scan = scan or make_scan(session, stream=stream)
    flag = Flag(stream_id=stream.id, scan_id=scan.id, kind=kind, created_at=utcnow(),
                details={"people_peak": scan.people_peak, "reasons": ["test"]})
    session.add(flag)
    session.flush()
    return flag


def make_takedown(session: Session, *, stream: Stream, reason: TakedownReason = TakedownReason.FOOT_TRAFFIC,
                  source: TakedownSource = TakedownSource.POLICY_SWEEP) -> Takedown:
    """A takedown record of a live public stream, with the stream moved off as a takedown leaves it."""
    from dashboard.services.streams import lifecycle

    takedown = Takedown(stream_id=stream.id, reason=reason, source=source, note="test", created_at=utcnow(),
                        previous_state=stream.state, previous_visibility=stream.visibility)
    lifecycle.seeded(stream, state=StreamState.TAKEN_DOWN, visibility=Visibility.OFF)
    session.add(takedown)
    session.flush()
    return takedown


def make_campus_share(session: Session, *, stream: Stream, password: str | None = PASSWORD) -> CampusShare:
    """A campus stream's sharing record, with a viewing password unless told otherwise."""
    share = CampusShare(stream_id=stream.id, password_hash=_hash(password) if password else None,
                        failed_attempts=0, successful_views=0, set_at=utcnow() if password else None)
    session.add(share)
    session.flush()
    return share


def make_evidence(session: Session, *, scan: Scan, data_dir: Path, frames: int = 2) -> list[Path]:
    """Real (small) JPEG evidence frames of a scan, with their observation rows."""
    import cv2
    import numpy as np

    folder = data_dir / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(frames):
        path = folder / f"scan{scan.id}_frame{index:04d}.jpg"
        cv2.imwrite(str(path), np.full((24, 32, 3), 40 * index, np.uint8))
        session.add(Observation(scan_id=scan.id, frame_index=index, t_seconds=index * 0.5, people=3,
                                evidence_path=str(path)))
        paths.append(path)
    session.flush()
    return paths
