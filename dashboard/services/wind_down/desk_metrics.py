"""Report-desk metrics for managers: breaches by hour, throughput, coverage.

Whole hours are read from report_hour_counts (kept by database triggers); only the partial hours at the
edges of the range, and the breaches of reports still open, are aggregated from the reports themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import HourMetric
from dashboard.db.models import Report, ReportHourCount, User
from dashboard.db.timeparts import utc_hour_bucket
from dashboard.services.wind_down.metrics import Filters, local_stamps
from dashboard.services.desk.reports import PRIORITY_NAMES

EPOCH, HOUR = datetime(1970, 1, 1, tzinfo=timezone.utc), timedelta(hours=1)
ARRIVALS = ["hour", "priority", "reports", "breached"]
DECISIONS = ["day", "hour", "reviewer_id", "decisions"]


def hour_index(moment: datetime) -> int:
    """Whole hours since 1970-01-01T00:00Z, the key of report_hour_counts."""
    return (moment - EPOCH) // HOUR


def _start(index: int) -> datetime:
    return EPOCH + index * HOUR


@dataclass(frozen=True)
class _Split:
    """A range cut into whole counted hours [first, last) and the partial hours around them."""

    first: int
    last: int
    edges: list[tuple[datetime, datetime]]

    @classmethod
    def of(cls, flt: Filters) -> "_Split":
        first, last = -((EPOCH - flt.since) // HOUR), hour_index(flt.until)  # ceiling, floor
        if first >= last:
            return cls(first, first, [(flt.since, flt.until)])
        edges = [(flt.since, _start(first)), (_start(last), flt.until)]
        return cls(first, last, [(start, end) for start, end in edges if start < end])


def _local(values: pd.Series, tz: str) -> pd.Series:
    """Hour buckets from either backend (PostgreSQL gives aware ones, SQLite text) in the zone tz."""
    return local_stamps(values, tz) if len(values) else pd.to_datetime(values)


def _local_hours(index: pd.Series, tz: str) -> pd.Series:
    """Counted rows' hour keys (hours since the epoch) as timestamps in the zone tz."""
    return pd.to_datetime(index.astype("int64") * 3600, unit="s", utc=True).dt.tz_convert(tz)


def _counts(session: Session, split: _Split, metric: HourMetric, key: object) -> list:
    query = (select(ReportHourCount.hour, key, func.sum(ReportHourCount.n))
             .where(ReportHourCount.metric == metric, ReportHourCount.hour >= split.first,
                    ReportHourCount.hour < split.last)
             .group_by(ReportHourCount.hour, key))
    return session.execute(query).all()


def _live_arrivals(session: Session, *, since: datetime, until: datetime, now: datetime, tz: str,
                   overdue_only: bool = False) -> pd.DataFrame:
    """Arrivals and breaches by hour from the reports; overdue_only: breaches of still-open reports alone."""
    bucket = utc_hour_bucket(session, Report.received_at).label("bucket")
    finished = func.coalesce(Report.decided_at, now)
    conditions = [Report.received_at >= since, Report.received_at < until]
    if overdue_only:
        conditions += [Report.decided_at.is_(None), Report.sla_due_at < now]
    query = (select(bucket, Report.priority, func.count(), func.sum(case((finished > Report.sla_due_at, 1), else_=0)))
             .where(*conditions).group_by(bucket, Report.priority))
    frame = pd.DataFrame(session.execute(query).all(), columns=["bucket", "priority", "reports", "breached"])
    frame["hour"] = _local(frame["bucket"], tz).dt.hour if len(frame) else frame["bucket"]
    return frame.assign(reports=0)[ARRIVALS] if overdue_only else frame[ARRIVALS]


def _arrivals(session: Session, *, split: _Split, now: datetime, tz: str) -> pd.DataFrame:
    """Reports received and SLA breaches per local hour of day and priority."""
    received = pd.DataFrame(_counts(session, split, HourMetric.RECEIVED, ReportHourCount.priority),
                            columns=["hour", "priority", "reports"]).assign(breached=0)
    late = pd.DataFrame(_counts(session, split, HourMetric.LATE, ReportHourCount.priority),
                        columns=["hour", "priority", "breached"]).assign(reports=0)
    parts = [counted.assign(hour=_local_hours(counted["hour"], tz).dt.hour)[ARRIVALS] for counted in (received, late)
             if len(counted)]
    if split.first < split.last:
        parts.append(_live_arrivals(session, since=_start(split.first), until=_start(split.last), now=now, tz=tz,
                                    overdue_only=True))
    parts += [_live_arrivals(session, since=start, until=end, now=now, tz=tz) for start, end in split.edges]
    frame = pd.concat([p for p in parts if len(p)] or [pd.DataFrame(columns=ARRIVALS)], ignore_index=True)
    frame["hour"] = frame["hour"].astype(int)
    frame = frame.groupby(["hour", "priority"], as_index=False)[["reports", "breached"]].sum()
    frame["level"] = frame["priority"].map(PRIORITY_NAMES)
    return frame


def _live_decisions(session: Session, *, since: datetime, until: datetime, tz: str) -> pd.DataFrame:
    """Decisions per hour and reviewer from the reports (siblings closed by a takedown are not decisions)."""
    bucket = utc_hour_bucket(session, Report.decided_at).label("bucket")
    query = (select(bucket, Report.decided_by_id, func.count())
             .where(Report.decided_at >= since, Report.decided_at < until,
                    Report.closed_by_report_id.is_(None), Report.decided_by_id.is_not(None))
             .group_by(bucket, Report.decided_by_id))
    frame = pd.DataFrame(session.execute(query).all(), columns=["bucket", "reviewer_id", "decisions"])
    stamps = _local(frame["bucket"], tz)
    return frame.assign(day=stamps.dt.date, hour=stamps.dt.hour)[DECISIONS]


def _decisions(session: Session, *, split: _Split, tz: str) -> pd.DataFrame:
    """Decisions per local day, hour of day and reviewer."""
    counted = pd.DataFrame(_counts(session, split, HourMetric.DECIDED, ReportHourCount.reviewer_id),
                           columns=["index", "reviewer_id", "decisions"])
    starts = _local_hours(counted["index"], tz)
    counted = counted.assign(day=starts.dt.date, hour=starts.dt.hour)[DECISIONS]
    parts = [counted] + [_live_decisions(session, since=start, until=end, tz=tz) for start, end in split.edges]
    return pd.concat([p for p in parts if len(p)] or [pd.DataFrame(columns=DECISIONS)], ignore_index=True)


@dataclass
class DeskSummary:
    """The report-desk charts' data: SLA breaches by hour, throughput per reviewer, coverage by hour."""

    breaches: pd.DataFrame
    throughput: pd.DataFrame
    coverage: pd.DataFrame


def desk_summary(session: Session, *, flt: Filters, now: datetime | None = None) -> DeskSummary:
    """Everything the manager page shows about the desk."""
    split = _Split.of(flt)
    arrivals = _arrivals(session, split=split, now=now or utcnow(), tz=flt.tz)
    decisions = _decisions(session, split=split, tz=flt.tz)
    names = dict(session.execute(select(User.id, User.username)).all())
    throughput = (decisions.assign(reviewer=decisions["reviewer_id"].map(names))
                  .groupby(["day", "reviewer"], as_index=False)["decisions"].sum()
                  if len(decisions) else pd.DataFrame(columns=["day", "reviewer", "decisions"]))
    return DeskSummary(arrivals, throughput, _coverage(arrivals, decisions, flt))


def _coverage(arrivals: pd.DataFrame, decisions: pd.DataFrame, flt: Filters) -> pd.DataFrame:
    days = max(1.0, (flt.until - flt.since).total_seconds() / 86400)
    came = arrivals.groupby("hour")["reports"].sum() if len(arrivals) else pd.Series(dtype=float)
    made = decisions.groupby("hour")["decisions"].sum() if len(decisions) else pd.Series(dtype=float)
    staffed = decisions.groupby("hour").size() if len(decisions) else pd.Series(dtype=float)  # reviewer-days
    rows = [(h, came.get(h, 0) / days, made.get(h, 0) / days, staffed.get(h, 0) / days) for h in range(24)]
    return pd.DataFrame(rows, columns=["hour", "arrivals_per_day", "decisions_per_day", "reviewers_per_day"]).round(2)
