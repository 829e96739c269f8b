"""Report-desk metrics for managers, aggregated in SQL: breaches by hour, throughput, coverage."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.db.base import utcnow
from dashboard.db.enums import ReportStatus
from dashboard.db.models import Report, User
from dashboard.db.timeparts import utc_day, utc_hour
from dashboard.services.metrics import Filters
from dashboard.services.reports import PRIORITY_NAMES


def open_by_priority(session: Session, *, now: datetime | None = None) -> pd.DataFrame:
    """Open reports and escalations per priority, with how many are past their SLA."""
    now = now or utcnow()
    query = (select(Report.priority, Report.status, func.count(Report.id),
                    func.sum(case((Report.sla_due_at < now, 1), else_=0)))
             .where(Report.status.in_([ReportStatus.OPEN, ReportStatus.ESCALATED]))
             .group_by(Report.priority, Report.status))
    frame = pd.DataFrame(session.execute(query).all(), columns=["priority", "status", "open", "breached"])
    frame["level"], frame["status"] = frame["priority"].map(PRIORITY_NAMES), frame["status"].astype(str)
    return frame


def breaches_by_hour(session: Session, *, flt: Filters, now: datetime | None = None) -> pd.DataFrame:
    """Reports received per UTC hour of day and priority in the range, and how many missed their SLA."""
    now = now or utcnow()
    hour = utc_hour(session, Report.received_at).label("hour")
    finished = func.coalesce(Report.decided_at, now)
    query = (select(hour, Report.priority, func.count(Report.id), func.sum(case((finished > Report.sla_due_at, 1),
                                                                                else_=0)))
             .where(Report.received_at >= flt.since, Report.received_at < flt.until)
             .group_by(hour, Report.priority))
    frame = pd.DataFrame(session.execute(query).all(), columns=["hour", "priority", "reports", "breached"])
    frame["level"] = frame["priority"].map(PRIORITY_NAMES)
    return frame


def reviewer_throughput(session: Session, *, flt: Filters) -> pd.DataFrame:
    """Decisions per reviewer per UTC day (takedown side-closures not counted)."""
    day = utc_day(session, Report.decided_at).label("day")
    query = (select(day, User.username, func.count(Report.id)).join(User, User.id == Report.decided_by_id)
             .where(Report.decided_at >= flt.since, Report.decided_at < flt.until,
                    Report.closed_by_report_id.is_(None))
             .group_by(day, User.username).order_by(day))
    frame = pd.DataFrame(session.execute(query).all(), columns=["day", "reviewer", "decisions"])
    frame["day"] = pd.to_datetime(frame["day"].astype(str)).dt.date if len(frame) else frame["day"]
    return frame


def coverage_by_hour(session: Session, *, flt: Filters) -> pd.DataFrame:
    """Per UTC hour of day: reports arriving, decisions made and distinct reviewers deciding, per day on average."""
    days = max(1.0, (flt.until - flt.since).total_seconds() / 86400)
    arrive_hour = utc_hour(session, Report.received_at).label("hour")
    arrivals = dict(session.execute(select(arrive_hour, func.count(Report.id)).where(
        Report.received_at >= flt.since, Report.received_at < flt.until).group_by(arrive_hour)).all())
    decide_hour, decide_day = utc_hour(session, Report.decided_at).label("hour"), utc_day(session, Report.decided_at)
    window = (Report.decided_at >= flt.since, Report.decided_at < flt.until, Report.closed_by_report_id.is_(None))
    counts = dict(session.execute(select(decide_hour, func.count(Report.id)).where(*window)
                                  .group_by(decide_hour)).all())
    shifts = select(decide_hour, decide_day.label("day"), Report.decided_by_id).where(*window).distinct().subquery()
    people = dict(session.execute(select(shifts.c.hour, func.count()).group_by(shifts.c.hour)).all())
    decided = [(h, counts.get(h, 0), people.get(h, 0)) for h in range(24)]
    by_hour = {h: (n, r) for h, n, r in decided}
    rows = [(h, arrivals.get(h, 0) / days, by_hour.get(h, (0, 0))[0] / days, by_hour.get(h, (0, 0))[1] / days)
            for h in range(24)]
    return pd.DataFrame(rows, columns=["hour", "arrivals_per_day", "decisions_per_day", "reviewers_per_day"]).round(2)
