"""The audit log in the reader's language: entities, actions and field changes worded from the service's parts."""
from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

from dashboard.messages import N_
from dashboard.services.access.audit_labels import Change, EntityRef
from dashboard.ui.formatting import label, local
from dashboard.ui.i18n import t

ENTITY_WORDS = {"stream": N_("stream {name} · {context}"), "report": N_("report {name} on {context}"),
                "user": N_("user {name} ({context})"), "scan": N_("scan {name} of {context}"),
                "flag": N_("flag {name} of {context}"), "sticker": N_("sticker {name} of {context}")}


def entity(ref: EntityRef) -> str:
    """'直播 str-000042 · 店内' / 'report rep-0002285 on str-000042'; unknown kinds as 'kind id'."""
    if ref.context and ref.kind in ENTITY_WORDS:
        return t(ENTITY_WORDS[ref.kind], name=ref.name, context=ref.context)
    return f"{label(ref.kind)} {ref.name}".strip()


def action(code: str) -> str:
    """An action code ('stream.take_down') as words ('直播 · 下架')."""
    return " · ".join(label(part) for part in code.split("."))


def _value(value: object) -> str:
    if isinstance(value, list):
        return t(", ").join(_value(item) for item in value) or "—"
    if value is None:
        return "—"
    if isinstance(value, str) and value.replace("_", "").isalpha() and value.islower():
        return label(value)  # codes (taken_down, public) as words; free text keeps its own words
    if isinstance(value, str) and (moment := _moment(value)) is not None:
        return local(moment)  # stored as ISO UTC with microseconds: local time to the minute, zone named
    return str(value)


def _moment(text: str) -> datetime | None:
    """An ISO time with its offset ('2026-12-03T10:12:33.123456+00:00'), else None."""
    if len(text) < 19 or text[4:5] != "-":  # dates alone and free text are left as they are
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def changes(items: list[Change]) -> str:
    """'状态：直播中 → 已下架；原因：人流' / 'state: Live → Taken down'."""
    parts = [t("{field}: {before} → {after}", field=label(c.key), before=_value(c.before), after=_value(c.after))
             if c.had_before else t("{field}: {after}", field=label(c.key), after=_value(c.after)) for c in items]
    return t("; ").join(parts)


def events_table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The audit page's rows with entities, actions and changes worded."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    # read from the rows: a DataFrame column keeps a composed Phrase as plain text, losing its template
    reasons = [t(reason) if isinstance(reason, str) and reason else reason for reason in (r["reason"] for r in rows)]
    return frame.assign(action=frame["action"].map(action), entity=frame["entity"].map(entity),
                        change=frame["change"].map(changes), reason=reasons)
