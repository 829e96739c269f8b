"""Factories for test data; every helper adds to the given session and flushes."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import (
    Category, OwnerKind, PlaceType, ReportReason, ReportStatus, Role, StreamState, Visibility,
)
from dashboard.db.models import Owner, Report, Stream, User
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
