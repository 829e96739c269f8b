"""Preset reasons: defaults from the migration, edited by leads (audited), composed with a note."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.db.models import AuditEvent
from dashboard.enums import AuditAction, Decision, Role
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.services.desk.presets import MAX_PRESETS, compose_reason, preset_reasons, set_preset_reasons
from tests.factories import make_user


def test_every_decision_starts_with_presets(session):
    presets = preset_reasons(session)
    assert all(presets[d] for d in Decision)
    assert "Pupils or minors are visible" in presets[Decision.TAKE_DOWN]


def test_a_lead_replaces_a_list_and_it_is_audited(session):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    saved = set_preset_reasons(session, actor=lead, decision=Decision.DISMISS,
                                    reasons=["  Owner's own shop, no customers  ", "", "Test stream", "Test stream"])
    assert saved == ["Owner's own shop, no customers", "Test stream"]
    assert preset_reasons(session)[Decision.DISMISS] == saved
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == AuditAction.PRESETS_UPDATE.value))
    assert event.entity_id == "dismiss" and event.after == {"reasons": saved} and len(event.before["reasons"]) == 3


@pytest.mark.parametrize(("reasons", "message"), [
    ([f"reason {i}" for i in range(MAX_PRESETS + 1)], "At most"),
    (["x" * 201], "at most 200 characters"),
])
def test_bad_lists_are_refused(session, reasons, message):
    with pytest.raises(InvalidInput, match=message):
        set_preset_reasons(session, actor=make_user(session, role=Role.ADMIN), decision=Decision.ESCALATE,
                                reasons=reasons)


def test_reviewers_cannot_edit_presets(session):
    with pytest.raises(PermissionDenied):
        set_preset_reasons(session, actor=make_user(session), decision=Decision.DISMISS, reasons=["x"])


@pytest.mark.parametrize(("preset", "note", "reason"), [
    ("Pupils or minors are visible", "", "Pupils or minors are visible"),
    ("Pupils or minors are visible", " classroom at 08:10 ", "Pupils or minors are visible — classroom at 08:10"),
    (None, "my own words", "my own words"),
    (None, "   ", ""),
])
def test_the_recorded_reason_joins_preset_and_note(preset, note, reason):
    assert compose_reason(preset, note) == reason
