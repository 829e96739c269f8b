"""Report-desk metrics for managers, aggregated in SQL: breaches by hour, throughput, coverage."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.db.base import utcnow
from dashboard.db.models import Report, User
from dashboard.db.timeparts import utc_hour_bucket
from dashboard.services.metrics import Filters
from dashboard.services.reports import PRIORITY_NAMES


def _utc(values: pd.Series) -> pd.Series:
    """Hour buckets from either backend as naive UTC timestamps (PostgreSQL gives aware ones, SQLite text)."""
    stamps = pd.to_datetime(values, utc=True, format="mixed") if len(values) else pd.to_datetime(values)
    return stamps.dt.tz_convert(None) if len(values) else stamps


def _arrivals(session: Session, *, flt: Filters, now: datetime) -> pd.DataFrame:
    """One pass over reports received in the range: count and SLA breaches per hour of day and priority."""
    bucket = utc_hour_bucket(session, Report.received_at).label("bucket")
    finished = func.coalesce(Report.decided_at, now)
    query = (select(bucket, Report.priority, func.count(),
                    func.sum(case((finished > Report.sla_due_at, 1), else_=0)))
             .where(Report.received_at >= flt.since, Report.received_at < flt.until)
             .group_by(bucket, Report.priority))
    frame = pd.DataFrame(session.execute(query).all(), columns=["bucket", "priority", "reports", "breached"])
    frame["hour"] = _utc(frame["bucket"]).dt.hour if len(frame) else frame["bucket"]
    frame = frame.groupby(["hour", "priority"], as_index=False)[["reports", "breached"]].sum()
    frame["level"] = frame["priority"].map(PRIORITY_NAMES)
    return frame[["hour", "priority", "reports", "breached", "level"]]


def _decisions(session: Session, *, flt: Filters) -> pd.DataFrame:
    """One pass over decisions made in the range: count per day, hour of day and reviewer."""
    bucket = utc_hour_bucket(session, Report.decided_at).label("bucket")
    query = (select(bucket, Report.decided_by_id, func.count())
             .where(Report.decided_at >= flt.since, Report.decided_at < flt.until,
                    Report.closed_by_report_id.is_(None), Report.decided_by_id.is_not(None))
             .group_by(bucket, Report.decided_by_id))
    frame = pd.DataFrame(session.execute(query).all(), columns=["bucket", "reviewer_id", "decisions"])
    stamps = _utc(frame["bucket"])
    return frame.assign(day=stamps.dt.date, hour=stamps.dt.hour)[["day", "hour", "reviewer_id", "decisions"]]


@dataclass
class DeskSummary:
    """The report-desk charts' data: SLA breaches by hour, throughput per reviewer, coverage by hour."""

    breaches: pd.DataFrame
    throughput: pd.DataFrame
    coverage: pd.DataFrame


def desk_summary(session: Session, *, flt: Filters, now: datetime | None = None) -> DeskSummary:
    """Everything the manager page shows about the desk, from two aggregate passes over the reports."""
    arrivals, decisions = _arrivals(session, flt=flt, now=now or utcnow()), _decisions(session, flt=flt)
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
