"""Exports of streams, reports and the audit log as CSV or JSON lines."""
from __future__ import annotations

from typing import Literal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.db.models import Owner, Report, Stream
from dashboard.errors import InvalidInput
from dashboard.services.access import audit
from dashboard.services.tables.dataframes import query_frame
from dashboard.services.tables.spreadsheet import frame_csv
from dashboard.services.access.permissions import Action, Actor, require

ExportKind = Literal["streams", "reports", "audit"]


def _streams(session: Session) -> pd.DataFrame:
    query = select(Stream.external_id, Owner.external_id.label("owner_external_id"), Owner.name.label("owner_name"),
                   Owner.kind.label("owner_kind"), Stream.title, Stream.category, Stream.place_type,
                   Stream.visibility, Stream.state, Stream.source_uri, Stream.sticker_status,
                   Stream.welfare_certification).join(Owner).order_by(Stream.id)
    return query_frame(session, query)


def _reports(session: Session) -> pd.DataFrame:
    query = select(Report.external_id, Stream.external_id.label("stream_external_id"), Report.reason, Report.text,
                   Report.received_at, Report.priority, Report.sla_due_at, Report.status, Report.decision,
                   Report.decision_reason, Report.decided_at).join(Stream).order_by(Report.id)
    return query_frame(session, query)


def export(session: Session, *, actor: Actor, kind: ExportKind, fmt: str = "csv") -> str:
    """The whole table of one kind as CSV or JSON-lines text."""
    require(actor, Action.EXPORT_DATA)
    if fmt not in ("csv", "jsonl"):
        raise InvalidInput("Unknown export format {fmt!r}; use csv or jsonl.", fmt=fmt)
    if kind == "audit":
        if fmt != "csv":
            raise InvalidInput("The audit log exports as CSV.")
        return audit.export_csv(session, actor=actor)
    frame = {"streams": _streams, "reports": _reports}[kind](session)
    if fmt == "csv":
        return frame_csv(frame)
    return frame.to_json(orient="records", lines=True, date_format="iso")
