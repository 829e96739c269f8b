"""The report_hour_counts metrics recounted in Python from every report, to check the triggers against."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.db.models import Report, ReportHourCount

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def hour_of(moment: datetime) -> int:
    """Whole hours since the epoch, computed independently of the service's helper."""
    return (moment - EPOCH) // timedelta(hours=1)


def recount(session: Session) -> Counter:
    """The metrics' definitions applied to every report."""
    counts: Counter = Counter()
    for r in session.scalars(select(Report)):
        counts["received", hour_of(r.received_at), r.priority, 0] += 1
        if r.decided_at is not None and r.decided_by_id is not None and r.closed_by_report_id is None:
            counts["decided", hour_of(r.decided_at), 0, r.decided_by_id] += 1
        if r.decided_at is not None and r.decided_at > r.sla_due_at:
            counts["late", hour_of(r.received_at), r.priority, r.decided_by_id or 0] += 1
    return +counts


def stored(session: Session) -> Counter:
    """What the triggers have written (zero rows left out)."""
    session.flush()
    session.expire_all()
    rows = session.execute(select(ReportHourCount.metric, ReportHourCount.hour, ReportHourCount.priority,
                                  ReportHourCount.reviewer_id, ReportHourCount.n))
    return +Counter({(m.value, h, p, r): n for m, h, p, r, n in rows})
