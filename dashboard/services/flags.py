"""Scan flags: listing for the review desk."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.db.enums import FlagStatus
from dashboard.db.models import Flag, Stream


def list_flags(session: Session, *, status: FlagStatus = FlagStatus.OPEN, limit: int = 200) -> pd.DataFrame:
    """Flags of a status, oldest first, with the numbers behind them."""
    query = (select(Flag.id, Flag.kind, Flag.created_at, Flag.details, Stream.id.label("stream_id"),
                    Stream.title.label("stream"), Stream.category, Stream.state)
             .join(Stream).where(Flag.status == status).order_by(Flag.created_at).limit(limit))
    frame = pd.DataFrame(session.execute(query).all(), columns=list(query.selected_columns.keys()))
    for column in ("kind", "category", "state"):
        frame[column] = frame[column].map(lambda v: getattr(v, "value", v))
    details = pd.json_normalize(frame.pop("details").tolist()) if len(frame) else pd.DataFrame()
    return pd.concat([frame, details.drop(columns=["demo"], errors="ignore")], axis=1)
