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
from dashboard.db.timeparts import utc_day


@dataclass(frozen=True)
class Filters:
    """Date range (UTC, end exclusive) and categories (None: all)."""

    since: datetime
    until: datetime
    categories: tuple[Category, ...] | None = None


def _in(column: object, categories: tuple[Category, ...] | None) -> list:
    return [column.in_(categories)] if categories else []


def _as_date(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.astype(str)).dt.date


def takedowns_per_day(session: Session, *, flt: Filters) -> pd.DataFrame:
    """Takedowns (restored ones excluded) per UTC day, by reason and source."""
    day = utc_day(session, Takedown.created_at).label("day")
    query = (select(day, Takedown.reason, Takedown.source, func.count(Takedown.id).label("takedowns"))
             .join(Stream, Stream.id == Takedown.stream_id)
             .where(Takedown.created_at >= flt.since, Takedown.created_at < flt.until, Takedown.restored_at.is_(None),
                    *_in(Stream.category, flt.categories))
             .group_by(day, Takedown.reason, Takedown.source).order_by(day))
    frame = pd.DataFrame(session.execute(query).all(), columns=["day", "reason", "source", "takedowns"])
    if not frame.empty:
        frame["day"] = _as_date(frame["day"])
        frame["reason"], frame["source"] = frame["reason"].astype(str), frame["source"].astype(str)
    return frame


def public_live_by_category(session: Session, *, categories: tuple[Category, ...] | None = None) -> pd.DataFrame:
    """Public live streams per category now."""
    query = (select(Stream.category, func.count(Stream.id))
             .where(Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC,
                    *_in(Stream.category, categories))
             .group_by(Stream.category))
    rows = [(str(c), n) for c, n in session.execute(query).all()]
    return pd.DataFrame(rows, columns=["category", "streams"]).sort_values("streams", ascending=False)


def _daily_counts(session: Session, query_day: object, condition: list, since: datetime) -> pd.DataFrame:
    day = utc_day(session, query_day).label("day")
    query = (select(day, Stream.category, func.count().label("n")).where(*condition, query_day >= since)
             .group_by(day, Stream.category))
    frame = pd.DataFrame(session.execute(query).all(), columns=["day", "category", "n"])
    if not frame.empty:
        frame["day"], frame["category"] = _as_date(frame["day"]), frame["category"].astype(str)
    return frame


def burn_down(session: Session, *, flt: Filters) -> pd.DataFrame:
    """Public live streams at the end of each day, per category, rebuilt backwards from today.

    count(day) = count now + public live streams taken down after that day (not restored)
                 - public live streams created after that day.
    Changes of visibility without a takedown (make private) are not rebuilt: the past is then a lower bound.
    """
    now_counts = public_live_by_category(session, categories=flt.categories).set_index("category")["streams"]
    taken = _daily_counts(session, Takedown.created_at, [
        Takedown.stream_id == Stream.id, Takedown.restored_at.is_(None), Takedown.previous_state == StreamState.LIVE,
        Takedown.previous_visibility == Visibility.PUBLIC, *_in(Stream.category, flt.categories)], flt.since)
    created = _daily_counts(session, Stream.created_at, [
        Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC,
        *_in(Stream.category, flt.categories)], flt.since)
    days = pd.date_range(flt.since.date(), min(flt.until, utcnow()).date(), freq="D").date
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
