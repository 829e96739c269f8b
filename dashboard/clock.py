"""The console's clock: aware UTC datetimes (stored and compared in UTC everywhere)."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)
