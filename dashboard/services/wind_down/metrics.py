"""Wind-down metrics as pandas DataFrames: takedowns, the public-stream burn-down and its projected zero date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import MERCHANT_CATEGORIES, WELFARE_CATEGORIES, Category, StreamState, Visibility
from dashboard.db.models import Stream, Takedown
from dashboard.db.timeparts import utc_hour_bucket


@dataclass(frozen=True)
class Filters:
    """Time range (aware datetimes, end exclusive), categories (None: all) and the zone whose days the charts count
    (CONSOLE_TIMEZONE: a Beijing desk's day starts at 00:00 UTC+8, not at 08:00)."""

    since: datetime
    until: datetime
    categories: tuple[Category, ...] | None = None
    tz: str = "UTC"


def _in(column: object, categories: tuple[Category, ...] | None) -> list:
    return [column.in_(categories)] if categories else []


def local_stamps(values: pd.Series, tz: str) -> pd.Series:
    """UTC hour buckets from either backend (PostgreSQL gives aware timestamps, SQLite text) in the zone tz."""
    return pd.to_datetime(values.astype(str), utc=True, format="mixed").dt.tz_convert(tz)


def local_date(moment: datetime, tz: str) -> date:
    """The calendar day of an aware moment in the zone tz."""
    return pd.Timestamp(moment).tz_convert(tz).date()


def _by_local_day(frame: pd.DataFrame, tz: str, keys: list[str], value: str) -> pd.DataFrame:
    """Rows counted per UTC hour summed per local day of the zone tz (whole-hour offsets are exact)."""
    frame = frame.assign(day=local_stamps(frame.pop("bucket"), tz).dt.date)
    for key in keys:
        frame[key] = frame[key].astype(str)
    return frame.groupby(["day", *keys], as_index=False)[value].sum().sort_values("day", kind="stable")


def takedowns_per_day(session: Session, *, flt: Filters) -> pd.DataFrame:
    """Takedowns (restored ones excluded) per local day, by reason and source."""
    bucket = utc_hour_bucket(session, Takedown.created_at).label("bucket")
    query = (select(bucket, Takedown.reason, Takedown.source, func.count(Takedown.id).label("takedowns"))
             .join(Stream, Stream.id == Takedown.stream_id)
             .where(Takedown.created_at >= flt.since, Takedown.created_at < flt.until, Takedown.restored_at.is_(None),
                    *_in(Stream.category, flt.categories))
             .group_by(bucket, Takedown.reason, Takedown.source))
    frame = pd.DataFrame(session.execute(query).all(), columns=["bucket", "reason", "source", "takedowns"])
    if frame.empty:
        return pd.DataFrame(columns=["day", "reason", "source", "takedowns"])
    return _by_local_day(frame, flt.tz, ["reason", "source"], "takedowns")[["day", "reason", "source", "takedowns"]]


def public_live_by_category(session: Session, *, categories: tuple[Category, ...] | None = None) -> pd.DataFrame:
    """Public live streams per category now."""
    query = (select(Stream.category, func.count(Stream.id))
             .where(Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC,
                    *_in(Stream.category, categories))
             .group_by(Stream.category))
    rows = [(str(c), n) for c, n in session.execute(query).all()]
    return pd.DataFrame(rows, columns=["category", "streams"]).sort_values("streams", ascending=False)


def _daily_counts(session: Session, query_day: object, condition: list, flt: Filters) -> pd.DataFrame:
    bucket = utc_hour_bucket(session, query_day).label("bucket")
    query = (select(bucket, Stream.category, func.count().label("n")).where(*condition, query_day >= flt.since)
             .group_by(bucket, Stream.category))
    frame = pd.DataFrame(session.execute(query).all(), columns=["bucket", "category", "n"])
    if frame.empty:
        return pd.DataFrame(columns=["day", "category", "n"])
    return _by_local_day(frame, flt.tz, ["category"], "n")


def burn_down(session: Session, *, flt: Filters) -> pd.DataFrame:
    """Public live streams at the end of each day, per category, rebuilt backwards from today.

    count(day) = count now + public live streams taken down after that day (not restored)
                 - public live streams created after that day.
    Changes of visibility without a takedown (make private) are not rebuilt: the past is then a lower bound.
    """
    now_counts = public_live_by_category(session, categories=flt.categories).set_index("category")["streams"]
    taken = _daily_counts(session, Takedown.created_at, [
        Takedown.stream_id == Stream.id, Takedown.restored_at.is_(None), Takedown.previous_state == StreamState.LIVE,
        Takedown.previous_visibility == Visibility.PUBLIC, *_in(Stream.category, flt.categories)], flt)
    created = _daily_counts(session, Stream.created_at, [
        Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC,
        *_in(Stream.category, flt.categories)], flt)
    end = min(flt.until - timedelta(microseconds=1), utcnow())
    days = pd.date_range(local_date(flt.since, flt.tz), local_date(end, flt.tz), freq="D").date
    categories = sorted(set(now_counts.index) | set(taken.get("category", [])) | set(created.get("category", [])))
    rows = []
    for category in categories:
        later_taken = _after(taken, category, days)
        later_created = _after(created, category, days)
        for day, down, new in zip(days, later_taken, later_created):
            rows.append((day, category, int(now_counts.get(category, 0) + down - new)))
    return pd.DataFrame(rows, columns=["day", "category", "public_live"])


def _after(events: pd.DataFrame, category: str, days: np.ndarray) -> list[int]:
    """For each day, how many events of the category happened after the end of that day."""
    if events.empty:
        return [0] * len(days)
    per_day = events[events["category"] == category].groupby("day")["n"].sum()
    upto = per_day.reindex(sorted(set(per_day.index) | set(days)), fill_value=0).cumsum()
    return [int(per_day.sum() - upto[day]) for day in days]


MAX_PROJECTION_DAYS = 3650  # further than ten years out is "not in sight", not a date


@dataclass(frozen=True)
class Projection:
    """When the public-live count reaches zero at the recent pace, with a 95% range."""

    zero_date: date | None
    earliest: date | None
    latest: date | None
    per_day: float
    window_days: int

    @property
    def stalled(self) -> bool:
        """True when the count is not going down."""
        return self.zero_date is None


def project_zero(burn: pd.DataFrame, *, window_days: int = 14) -> Projection:
    """Fit a line to the last days of the total burn-down; where it crosses zero, and how sure we are."""
    totals = burn.groupby("day")["public_live"].sum().sort_index().tail(window_days)
    if totals.empty:
        return Projection(None, None, None, 0.0, 0)
    last_day, current = totals.index[-1], float(totals.iloc[-1])
    if current <= 0:
        return Projection(last_day, last_day, last_day, 0.0, len(totals))
    if len(totals) < 3:
        return Projection(None, None, None, 0.0, len(totals))
    x = np.arange(len(totals), dtype=float)
    (slope, intercept), cov = np.polyfit(x, totals.to_numpy(dtype=float), 1, cov=True)
    spread = 1.96 * float(np.sqrt(max(cov[0, 0], 0.0)))

    def crossing(rate: float) -> date | None:
        if rate > -1e-6:
            return None
        level = intercept + slope * x[-1]  # the fitted level today
        days = float(np.ceil(max(level, 0.0) / -rate))
        return last_day + timedelta(days=int(days)) if days <= MAX_PROJECTION_DAYS else None

    return Projection(crossing(slope), crossing(slope - spread), crossing(slope + spread), round(float(slope), 2),
                      len(totals))


def state_counts(session: Session, *, column: str, categories: frozenset[Category]) -> pd.DataFrame:
    """Live or suspended streams of some categories grouped by one column (sticker or certification state)."""
    col = getattr(Stream, column)
    query = (select(col, func.count(Stream.id)).where(Stream.category.in_(categories),
                                                      Stream.state.in_([StreamState.LIVE, StreamState.SUSPENDED]))
             .group_by(col))
    return pd.DataFrame([(str(k), n) for k, n in session.execute(query).all()], columns=["category", "streams"])


def welfare_by_certification(session: Session) -> pd.DataFrame:
    """Live welfare streams by certification state."""
    return state_counts(session, column="welfare_certification", categories=WELFARE_CATEGORIES)


def merchant_by_sticker(session: Session) -> pd.DataFrame:
    """Live merchant streams by sticker state."""
    return state_counts(session, column="sticker_status", categories=MERCHANT_CATEGORIES)
