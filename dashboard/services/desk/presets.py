"""Preset reasons per decision: a reviewer picks one (and may add a note); compliance leads edit the lists."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.db.models import PresetReason
from dashboard.enums import AuditAction, Decision
from dashboard.errors import InvalidInput
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require

MAX_PRESETS = 12
MAX_LENGTH = 200


def preset_reasons(session: Session) -> dict[Decision, list[str]]:
    """The preset reasons of every decision, in their order."""
    presets: dict[Decision, list[str]] = {decision: [] for decision in Decision}
    for row in session.scalars(select(PresetReason).order_by(PresetReason.decision, PresetReason.position)):
        presets[Decision(row.decision)].append(row.text)
    return presets


def set_preset_reasons(session: Session, *, actor: Actor, decision: Decision, reasons: list[str]) -> list[str]:
    """Replace a decision's preset reasons (blank lines dropped, duplicates once); audited with before and after."""
    require(actor, Action.EDIT_PRESETS)
    cleaned = list(dict.fromkeys(r.strip() for r in reasons if r.strip()))
    if len(cleaned) > MAX_PRESETS:
        raise InvalidInput("At most {limit} preset reasons per decision; {count} were given.", limit=MAX_PRESETS,
                           count=len(cleaned))
    if too_long := [r for r in cleaned if len(r) > MAX_LENGTH]:
        raise InvalidInput("A preset reason is at most {limit} characters: {start}...", limit=MAX_LENGTH,
                           start=too_long[0][:40])
    before = preset_reasons(session)[decision]
    session.execute(delete(PresetReason).where(PresetReason.decision == decision))
    session.add_all(PresetReason(decision=decision, text=text, position=i) for i, text in enumerate(cleaned))
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.PRESETS_UPDATE, entity_type="decision",
                 entity_id=decision.value, before={"reasons": before}, after={"reasons": cleaned})
    return cleaned


def compose_reason(preset: str | None, note: str | None) -> str:
    """The reason recorded with a decision: the preset, the note, or both."""
    parts = [p.strip() for p in (preset, note) if p and p.strip()]
    return " — ".join(parts)
