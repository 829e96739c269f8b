"""The audit log reads as names and changes, not numbers and JSON."""
from __future__ import annotations

import pytest

from dashboard.enums import AuditAction, Role
from dashboard.services.access import audit
from dashboard.services.access.audit_labels import entity_labels, readable_diff
from dashboard.services.access.permissions import SYSTEM
from tests.factories import make_report, make_stream, make_user


def test_entities_are_named_by_their_visible_ids(session):
    stream = make_stream(session)
    report = make_report(session, stream=stream)
    user = make_user(session, role=Role.REVIEWER)
    events = [audit.record(session, actor=SYSTEM, action=AuditAction.STREAM_TAKE_DOWN, entity_type="stream",
                           entity_id=stream.id),
              audit.record(session, actor=SYSTEM, action=AuditAction.REPORT_DECIDE, entity_type="report",
                           entity_id=report.id),
              audit.record(session, actor=SYSTEM, action=AuditAction.USER_CREATE, entity_type="user",
                           entity_id=user.id),
              audit.record(session, actor=SYSTEM, action=AuditAction.DEMO_SEED, entity_type="platform", entity_id=1)]
    session.flush()
    labels = entity_labels(session, events)
    assert labels["stream", str(stream.id)] == ("stream", stream.external_id, stream.title)
    assert labels["report", str(report.id)] == ("report", report.external_id, stream.external_id)
    assert labels["user", str(user.id)] == ("user", user.display_name, user.username)
    assert ("platform", "1") not in labels


@pytest.mark.parametrize(("before", "after", "changes"), [
    ({"state": "live", "visibility": "public"}, {"state": "taken_down", "visibility": "public"},
     [("state", "live", "taken_down", True)]),
    (None, {"lease_expires_at": "2026-11-30 10:00", "queue": "reports"},
     [("lease_expires_at", None, "2026-11-30 10:00", False), ("queue", None, "reports", False)]),
    ({"reasons": ["a", "b"]}, {"reasons": ["a"]}, [("reasons", ["a", "b"], ["a"], True)]),
    ({"x": 1}, {"x": 1}, []),
])
def test_changes_are_listed_field_by_field(before, after, changes):
    assert readable_diff(before, after) == changes
