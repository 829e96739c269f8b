"""Everything the Takedowns & readiness page shows, assembled in one place (the page and the benchmark use it)."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.enums import Category
from dashboard.services.wind_down import desk_metrics
from dashboard.services.wind_down import metrics
from dashboard.services.desk import reports
from dashboard.services.wind_down import shutdown
from dashboard.services.desk import sla
from dashboard.services.streams import outbox

DEFAULT_DAYS = 60
SLA_WINDOW = timedelta(days=7)  # exact percentiles sort every row: a week keeps them cheap at a million reports


@dataclass(frozen=True)
class PendingShutdown:
    """A shutdown request waiting for a second manager, as plain values."""

    id: int
    requested_by: str
    requested_by_id: int
    override_reason: str | None
    requested_at: datetime

    def confirmable_by(self, user_id: int) -> bool:
        """The two-person rule: anyone but the requester may confirm (confirm_shutdown enforces it again)."""
        return user_id != self.requested_by_id


@dataclass
class WindDownView:
    """The page's data for one period and category filter."""

    checklist: list[shutdown.ChecklistItem]
    takedowns: pd.DataFrame
    burn_down: pd.DataFrame
    projection: metrics.Projection
    welfare: pd.DataFrame
    merchants: pd.DataFrame
    open_reports: pd.DataFrame
    desk: desk_metrics.DeskSummary
    sla: pd.DataFrame
    pending: PendingShutdown | None
    notices: dict[str, int]  # owner notices by delivery state (the shutdown's notices reach every owner)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        """Every checklist condition is met."""
        return shutdown.all_green(self.checklist)


def _pending(session: Session) -> PendingShutdown | None:
    request = shutdown.pending(session)
    if request is None:
        return None
    return PendingShutdown(request.id, request.requested_by.display_name, request.requested_by_id,
                           request.override_reason, request.requested_at)


def _parts(flt: metrics.Filters) -> dict[str, Callable[[Session], object]]:
    return {
        "checklist": shutdown.readiness,
        "takedowns": lambda s: metrics.takedowns_per_day(s, flt=flt),
        "burn_down": lambda s: metrics.burn_down(s, flt=flt),
        "welfare": metrics.welfare_by_certification,
        "merchants": metrics.merchant_by_sticker,
        "open_reports": reports.queue_overview,
        "desk": lambda s: desk_metrics.desk_summary(s, flt=flt),
        "sla": lambda s: sla.summary(s, since=max(flt.since, flt.until - SLA_WINDOW), until=flt.until),
        "pending": _pending,
        "notices": outbox.delivery_counts,
    }


def load_view(session: Session, *, flt: metrics.Filters) -> WindDownView:
    """Run every query of the page once, timing each (the benchmark reads the timings)."""
    values, timings = {}, {}
    for name, part in _parts(flt).items():
        start = time.perf_counter()
        values[name] = part(session)
        timings[name] = time.perf_counter() - start
    return WindDownView(**values, projection=metrics.project_zero(values["burn_down"]), timings=timings)


def period(start: date, end: date, *, categories: tuple[Category, ...] | None = None,
           tz: str = "UTC") -> metrics.Filters:
    """Whole days of the zone tz from start to end, both included, as the page's date picker means them."""
    zone = ZoneInfo(tz)
    return metrics.Filters(since=datetime.combine(start, datetime.min.time(), tzinfo=zone).astimezone(timezone.utc),
                           until=datetime.combine(end + timedelta(days=1), datetime.min.time(),
                                                  tzinfo=zone).astimezone(timezone.utc),
                           categories=categories, tz=tz)


def default_period(now: datetime | None = None, *, tz: str = "UTC") -> tuple[date, date]:
    """The page's default period: the last DEFAULT_DAYS days up to today (in the zone tz)."""
    today = metrics.local_date(now or utcnow(), tz)
    return today - timedelta(days=DEFAULT_DAYS), today


def default_filters(now: datetime | None = None, *, tz: str = "UTC") -> metrics.Filters:
    """The page's default view (default period, all categories); the benchmark measures this one."""
    return period(*default_period(now, tz=tz), tz=tz)
