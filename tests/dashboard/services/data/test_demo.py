"""The demo generator: deterministic, believable, and loadable on both databases."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.enums import Category, ReportStatus, StickerStatus, StreamState, Visibility
from dashboard.db.models import Report, Stream, Takedown
from dashboard.db.session import make_engine
from dashboard.errors import Conflict
from dashboard.services.wind_down import metrics
from dashboard.services.wind_down import shutdown
from dashboard.services.data.demo import seed_demo

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def empty_session(isolated_engine):
    """A session on a database of this test's own: demo data goes only into an empty database."""
    with Session(isolated_engine, expire_on_commit=False) as db:
        yield db


def _fingerprint(session):
    streams = session.execute(select(Stream.external_id, Stream.category, Stream.state, Stream.visibility)
                              .order_by(Stream.external_id)).all()
    reports = session.execute(select(Report.external_id, Report.received_at, Report.status)
                              .order_by(Report.external_id)).all()
    return streams, reports


def test_same_seed_same_data(tmp_path, settings, sqlite_template):
    import shutil

    from dashboard.db.session import unit_of_work

    prints = []
    for name in ("a", "b"):
        shutil.copy(sqlite_template, tmp_path / f"{name}.sqlite3")
        engine = make_engine(f"sqlite:///{tmp_path / name}.sqlite3")
        with unit_of_work(engine) as session:
            seed_demo(session, settings=settings, streams=300, seed=5, now=NOW)
            prints.append(_fingerprint(session))
        engine.dispose()
    assert prints[0] == prints[1]


def test_demo_platform_is_mid_wind_down(empty_session, settings):
    session = empty_session
    summary = seed_demo(session, settings=settings, streams=600, seed=11, now=NOW)
    assert summary.counts["streams"] == 604 and len(summary.accounts) == 6
    categories = {c for (c,) in session.execute(select(Stream.category).distinct())}
    assert categories == set(Category)
    takedown_times = session.scalars(select(Takedown.created_at)).all()
    assert takedown_times and all(NOW - timedelta(days=61) <= t <= NOW for t in takedown_times)
    campus = dict(session.execute(select(Stream.visibility, func.count()).where(
        Stream.category == Category.CAMPUS, Stream.state == StreamState.LIVE).group_by(Stream.visibility)).all())
    assert campus.get(Visibility.PUBLIC, 0) > 0 and campus.get(Visibility.PRIVATE_SHARED, 0) > 0
    stickers = set(session.scalars(select(Stream.sticker_status).where(
        Stream.category.in_([Category.SHOP, Category.RESTAURANT]), Stream.state == StreamState.LIVE)))
    assert {StickerStatus.VERIFIED, StickerStatus.MISSING} <= stickers
    statuses = set(session.scalars(select(Report.status)))
    assert {ReportStatus.OPEN, ReportStatus.CLOSED} <= statuses
    sample = session.scalars(select(Stream.source_uri).where(Stream.external_id.like("sample-%"))).all()
    assert len(sample) == 4 and all(uri.endswith(".mp4") for uri in sample)


def test_reports_follow_day_night_pattern(empty_session, settings):
    session = empty_session
    seed_demo(session, settings=settings, streams=800, seed=3, now=NOW)
    hours = [t.hour for t in session.scalars(select(Report.received_at))]
    evening = sum(1 for h in hours if 18 <= h <= 21)
    small_hours = sum(1 for h in hours if 1 <= h <= 4)
    assert evening > 5 * small_hours


def test_demo_refuses_a_database_with_streams(empty_session, settings):
    session = empty_session
    seed_demo(session, settings=settings, streams=20, seed=1, now=NOW)
    with pytest.raises(Conflict):
        seed_demo(session, settings=settings, streams=20, seed=1, now=NOW)


def test_readiness_counts_match_the_data(empty_session, settings):
    session = empty_session
    seed_demo(session, settings=settings, streams=400, seed=9, now=NOW)
    items = {item.key: item for item in shutdown.readiness(session, now=NOW)}
    public_campus = session.scalar(select(func.count(Stream.id)).where(
        Stream.category == Category.CAMPUS, Stream.visibility == Visibility.PUBLIC, Stream.state == StreamState.LIVE))
    assert items["campus_public"].count == public_campus and not items["campus_public"].ok
    per_day = metrics.takedowns_per_day(session, flt=metrics.Filters(since=NOW - timedelta(days=90), until=NOW))
    assert per_day["takedowns"].sum() == session.scalar(select(func.count(Takedown.id)))


def test_demo_data_is_refused_outside_demo_mode(empty_session, tmp_path):
    from dashboard.config import load_settings
    from dashboard.errors import PermissionDenied

    production = load_settings(data_dir=tmp_path, secret_key="k3y-" + "unguessable-production-secret" * 2)
    with pytest.raises(PermissionDenied, match="CONSOLE_DEMO_MODE=true"):
        seed_demo(empty_session, settings=production, streams=20)
    assert empty_session.scalar(select(func.count(Stream.id))) == 0
