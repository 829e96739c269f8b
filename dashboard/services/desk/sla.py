"""SLA reporting for the report desk: time to claim, time to decision, breaches by priority and hour."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.db.models import Report
from dashboard.services.desk.reports import PRIORITY_NAMES

_COLUMNS = ["priority", "received_at", "first_claimed_at", "decided_at", "sla_due_at", "decided_by_id"]


def report_times(session: Session, *, since: datetime, until: datetime | None = None,
                 now: datetime | None = None) -> pd.DataFrame:
    """One row per report received in the window, with minutes to claim and to decision and breach flags."""
    now = now or utcnow()
    query = select(Report.priority, Report.received_at, Report.first_claimed_at, Report.decided_at,
                   Report.sla_due_at, Report.decided_by_id).where(Report.received_at >= since,
                                                                   Report.received_at < (until or now))
    frame = pd.DataFrame(session.execute(query).all(), columns=_COLUMNS)
    for column in ("received_at", "first_claimed_at", "decided_at", "sla_due_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["level"] = frame["priority"].map(PRIORITY_NAMES)
    frame["minutes_to_claim"] = (frame["first_claimed_at"] - frame["received_at"]).dt.total_seconds() / 60
    frame["minutes_to_decision"] = (frame["decided_at"] - frame["received_at"]).dt.total_seconds() / 60
    finished = frame["decided_at"].fillna(pd.Timestamp(now))
    frame["breached"] = finished > frame["sla_due_at"]
    frame["hour"] = frame["received_at"].dt.hour
    return frame


def summary_by_priority(times: pd.DataFrame) -> pd.DataFrame:
    """Median and 90th percentile minutes to claim and to decision, and breach counts, per priority."""
    if times.empty:
        return pd.DataFrame(columns=["level", "reports", "claim_p50", "claim_p90", "decision_p50",
                                     "decision_p90", "breached", "breach_rate"])
    grouped = times.groupby(["priority", "level"])
    out = grouped.agg(reports=("received_at", "size"),
                      claim_p50=("minutes_to_claim", "median"),
                      claim_p90=("minutes_to_claim", lambda s: s.quantile(0.9)),
                      decision_p50=("minutes_to_decision", "median"),
                      decision_p90=("minutes_to_decision", lambda s: s.quantile(0.9)),
                      breached=("breached", "sum")).reset_index()
    out["breach_rate"] = (out["breached"] / out["reports"]).round(3)
    return out.drop(columns="priority").round(1)




def decisions_since(session: Session, *, user_id: int, since: datetime) -> list[Report]:
    """Reports a user decided since a time, newest first ("my decisions today")."""
    query = (select(Report).where(Report.decided_by_id == user_id, Report.decided_at >= since,
                                  Report.closed_by_report_id.is_(None)).order_by(Report.decided_at.desc()))
    return list(session.scalars(query))


def start_of_day(now: datetime | None = None, *, tz: str = "UTC") -> datetime:
    """The start of today in the zone tz ("my decisions today" on a Beijing desk start at 00:00 UTC+8)."""
    local = (now or utcnow()).astimezone(ZoneInfo(tz))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def window(days: int, now: datetime | None = None) -> datetime:
    """The start of a window of the last N days."""
    return (now or utcnow()) - timedelta(days=days)


def summary(session: Session, *, since: datetime, until: datetime, now: datetime | None = None) -> pd.DataFrame:
    """summary_by_priority for reports received in a window; percentiles computed in PostgreSQL when there."""
    if session.get_bind().dialect.name != "postgresql":
        return summary_by_priority(report_times(session, since=since, until=until, now=now))
    now = now or utcnow()
    claim = func.extract("epoch", Report.first_claimed_at - Report.received_at) / 60
    decide = func.extract("epoch", Report.decided_at - Report.received_at) / 60

    def pct(expr: object, q: float) -> object:
        return func.percentile_cont(q).within_group(expr)

    query = (select(Report.priority, func.count(), pct(claim, 0.5), pct(claim, 0.9), pct(decide, 0.5),
                    pct(decide, 0.9), func.sum(case((func.coalesce(Report.decided_at, now) > Report.sla_due_at, 1),
                                                    else_=0)))
             .where(Report.received_at >= since, Report.received_at < until).group_by(Report.priority)
             .order_by(Report.priority))
    columns = ["priority", "reports", "claim_p50", "claim_p90", "decision_p50", "decision_p90", "breached"]
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    frame.insert(0, "level", frame.pop("priority").map(PRIORITY_NAMES))
    frame["breach_rate"] = (frame["breached"] / frame["reports"]).round(3)
    return frame.round(1)
