"""Metrics on a small hand-built platform with known answers, including the projected zero date."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone

import pandas as pd

from dashboard.clock import utcnow
from dashboard.enums import (
    Category, PlaceType, ReportStatus, StreamState, TakedownReason, TakedownSource, Visibility,
)
from dashboard.db.models import Takedown
from dashboard.services.wind_down import desk_metrics, metrics
from tests.factories import make_report, make_stream, make_user

SCENERY = (Category.SCENERY,)


def _platform(session):
    """20 scenery streams still public and live; 10 more taken down, one a day over the last 10 days."""
    now = utcnow()
    midnight = datetime.combine(now.date(), time.min, tzinfo=timezone.utc)
    long_ago = now - timedelta(days=400)
    for _ in range(20):
        make_stream(session, category=Category.SCENERY, place_type=PlaceType.NATURE).created_at = long_ago
    for k in range(10):
        stream = make_stream(session, category=Category.SCENERY, place_type=PlaceType.NATURE,
                             state=StreamState.TAKEN_DOWN, visibility=Visibility.OFF)
        stream.created_at = long_ago
        at = min(midnight - timedelta(days=k) + timedelta(minutes=1), now - timedelta(seconds=1))
        session.add(Takedown(stream_id=stream.id, reason=TakedownReason.FOOT_TRAFFIC, source=TakedownSource.SCAN_FLAG,
                             note="t", created_at=at, previous_state=StreamState.LIVE,
                             previous_visibility=Visibility.PUBLIC))
    session.flush()
    return now


def test_burn_down_rebuilds_the_past_and_projects_zero(session):
    now = _platform(session)
    flt = metrics.Filters(since=now - timedelta(days=14), until=now, categories=SCENERY)
    burn = metrics.burn_down(session, flt=flt).set_index("day")["public_live"]
    today = now.date()
    assert burn[today] == 20
    assert [burn[today - timedelta(days=k)] for k in range(1, 10)] == [21, 22, 23, 24, 25, 26, 27, 28, 29]
    assert burn[today - timedelta(days=12)] == 30
    projection = metrics.project_zero(metrics.burn_down(session, flt=flt), window_days=10)
    assert projection.per_day == -1.0
    assert projection.zero_date == today + timedelta(days=20)
    assert projection.earliest == projection.latest == projection.zero_date  # a perfect line: no spread


def test_flat_count_has_no_zero_date():
    import pandas as pd

    days = pd.date_range("2026-11-01", periods=14).date
    flat = pd.DataFrame({"day": days, "category": "pet", "public_live": 50})
    assert metrics.project_zero(flat).stalled
    gone = pd.DataFrame({"day": days, "category": "pet", "public_live": 0})
    assert metrics.project_zero(gone).zero_date == days[-1]


def test_takedowns_per_day_by_reason_and_source(session):
    now = _platform(session)
    per_day = metrics.takedowns_per_day(session, flt=metrics.Filters(since=now - timedelta(days=30), until=now,
                                                                     categories=SCENERY))
    assert per_day["takedowns"].sum() == 10 and set(per_day["takedowns"]) == {1}
    assert set(per_day["reason"]) == {"foot_traffic"} and set(per_day["source"]) == {"scan_flag"}
    assert per_day["day"].max() == now.date()


def test_days_and_hours_are_counted_in_the_deployment_zone(session):
    """A takedown at 17:30 UTC on 29 Nov is on 30 Nov in Beijing; a report at 23:10 UTC arrives at 07 local."""
    stream = make_stream(session, category=Category.SCENERY, place_type=PlaceType.NATURE,
                         state=StreamState.TAKEN_DOWN, visibility=Visibility.OFF)
    at = datetime(2034, 11, 29, 17, 30, tzinfo=timezone.utc)
    session.add(Takedown(stream=stream, reason=TakedownReason.FOOT_TRAFFIC, source=TakedownSource.SCAN_FLAG,
                         created_at=at, previous_state=StreamState.LIVE, previous_visibility=Visibility.PUBLIC))
    reviewer = make_user(session)
    report = make_report(session, stream=stream, priority=1, received_at=datetime(2034, 11, 29, 23, 10,
                                                                                   tzinfo=timezone.utc))
    report.decided_at, report.decided_by_id, report.status = (report.received_at + timedelta(minutes=5), reviewer.id,
                                                              ReportStatus.CLOSED)
    session.flush()
    days = {}
    for tz in ("UTC", "Asia/Shanghai"):
        flt = metrics.Filters(since=at - timedelta(days=1), until=at + timedelta(days=1), tz=tz)
        days[tz] = metrics.takedowns_per_day(session, flt=flt)["day"].tolist()
        desk = desk_metrics.desk_summary(session, flt=flt, now=at + timedelta(days=1))
        days[tz + " hour"] = desk.breaches["hour"].tolist()
    assert days["UTC"] == [at.date()] and days["Asia/Shanghai"] == [at.date() + timedelta(days=1)]
    assert days["UTC hour"] == [23] and days["Asia/Shanghai hour"] == [7]


def test_a_period_means_whole_local_days():
    from dashboard.services.wind_down import view

    flt = view.period(datetime(2034, 11, 30).date(), datetime(2034, 11, 30).date(), tz="Asia/Shanghai")
    assert flt.since == datetime(2034, 11, 29, 16, tzinfo=timezone.utc)
    assert flt.until == datetime(2034, 11, 30, 16, tzinfo=timezone.utc)


def test_desk_metrics_by_hour_and_reviewer(session):
    reviewer = make_user(session)
    stream = make_stream(session)
    base = datetime(2035, 3, 1, 9, 15, tzinfo=timezone.utc)
    late = make_report(session, stream=stream, priority=1, received_at=base, sla=timedelta(hours=2))
    late.decided_at, late.decided_by_id, late.status = base + timedelta(hours=3), reviewer.id, ReportStatus.CLOSED
    quick = make_report(session, stream=stream, priority=1, received_at=base, sla=timedelta(hours=2))
    quick.decided_at, quick.decided_by_id, quick.status = base + timedelta(minutes=20), reviewer.id, ReportStatus.CLOSED
    session.flush()
    flt = metrics.Filters(since=base - timedelta(hours=1), until=base + timedelta(hours=23))
    desk = desk_metrics.desk_summary(session, flt=flt, now=base + timedelta(hours=5))
    assert desk.breaches.to_dict("records") == [{"hour": 9, "priority": 1, "reports": 2, "breached": 1,
                                                 "level": "urgent"}]
    assert desk.throughput.to_dict("records") == [{"day": base.date(), "reviewer": reviewer.username, "decisions": 2}]
    coverage = desk.coverage.set_index("hour")
    assert coverage.loc[9, "arrivals_per_day"] == 2 and coverage.loc[9, "decisions_per_day"] == 1
    assert coverage.loc[12, "decisions_per_day"] == 1 and coverage.loc[9, "reviewers_per_day"] == 1



def _direct(session, flt, now):
    """The desk charts' inputs aggregated from the reports alone, as before the counts table existed."""
    return (desk_metrics._live_arrivals(session, since=flt.since, until=flt.until, now=now, tz=flt.tz),
            desk_metrics._live_decisions(session, since=flt.since, until=flt.until, tz=flt.tz))


def test_desk_metrics_from_hour_counts_equal_a_direct_aggregate(session):
    rng = random.Random(11)
    reviewers = [make_user(session) for _ in range(3)]
    stream = make_stream(session)
    start = datetime(2034, 7, 1, 0, 0, tzinfo=timezone.utc)
    for _ in range(150):
        received = start + timedelta(minutes=rng.randint(0, 3 * 24 * 60))
        report = make_report(session, stream=stream, priority=rng.randint(1, 3), received_at=received,
                             sla=timedelta(hours=rng.choice([1, 4, 24])))
        if rng.random() < 0.7:
            report.decided_at, report.status = received + timedelta(minutes=rng.randint(1, 900)), ReportStatus.CLOSED
            report.decided_by_id = rng.choice(reviewers).id
    session.flush()
    now = start + timedelta(days=2, hours=7)
    minutes = [(317, 3 * 1440 - 1000), (185, 230), (0, 4 * 1440)]  # edges inside hours; inside one hour; whole days
    for since, until in minutes:
        flt = metrics.Filters(since=start + timedelta(minutes=since), until=start + timedelta(minutes=until))
        desk = desk_metrics.desk_summary(session, flt=flt, now=now)
        arrivals, decisions = _direct(session, flt, now)
        expected = arrivals.groupby(["hour", "priority"])[["reports", "breached"]].sum()
        assert desk.breaches.set_index(["hour", "priority"])[["reports", "breached"]].to_dict("index") \
            == expected.to_dict("index")
        per_day = decisions.groupby(["day", "reviewer_id"])["decisions"].sum()
        assert sorted(desk.throughput["decisions"]) == sorted(per_day)
        pd.testing.assert_frame_equal(desk.coverage, desk_metrics._coverage(arrivals, decisions, flt))
    assert expected["breached"].sum() > 0 and len(per_day) > 0  # the last, whole range has both


def test_page_period_is_whole_utc_days_with_the_end_day_included():
    from datetime import date

    from dashboard.services.wind_down.view import default_filters, period

    flt = period(date(2026, 11, 1), date(2026, 11, 3), categories=SCENERY)
    assert (flt.since, flt.until, flt.categories) == (datetime(2026, 11, 1, tzinfo=timezone.utc),
                                                      datetime(2026, 11, 4, tzinfo=timezone.utc), SCENERY)
    default = default_filters(now=datetime(2026, 11, 21, 23, 59, tzinfo=timezone.utc))
    assert (default.since.date(), default.until.date()) == (date(2026, 9, 22), date(2026, 11, 22))
