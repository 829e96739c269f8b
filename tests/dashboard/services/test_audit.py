"""The audit log: filtering, paging and CSV export."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from dashboard.clock import utcnow
from dashboard.enums import Role
from dashboard.services import audit
from dashboard.services.permissions import SYSTEM
from tests.factories import make_user


def test_filter_by_entity_and_export_csv_parses(session):
    admin = make_user(session, role=Role.ADMIN)
    marker = f"audit-test-{admin.id}"
    old = utcnow() - timedelta(days=3)
    audit.record(session, actor=SYSTEM, action="stream.import", entity_type="stream", entity_id=marker,
                 after={"state": "live", "when": old}, at=old)
    audit.record(session, actor=admin, action="stream.take_down", entity_type="stream", entity_id=marker,
                 before={"state": "live"}, after={"state": "taken_down"}, reason="crowd, \"busy\" street")
    events, total = audit.list_events(session, actor=admin, flt=audit.AuditFilter(entity_id=marker))
    assert total == 2 and [e.action for e in events] == ["stream.take_down", "stream.import"]
    recent, _ = audit.list_events(session, actor=admin, flt=audit.AuditFilter(entity_id=marker, since=old + timedelta(hours=1)))
    assert [e.action for e in recent] == ["stream.take_down"]
    rows = list(csv.DictReader(io.StringIO(audit.export_csv(session, actor=admin, flt=audit.AuditFilter(entity_id=marker)))))
    assert [r["action"] for r in rows] == ["stream.import", "stream.take_down"]
    assert rows[1]["reason"] == 'crowd, "busy" street' and rows[1]["actor_name"] == admin.username
    assert '"taken_down"' in rows[1]["after"] and rows[0]["actor_name"] == "system"


def test_distinct_values_for_filters(session):
    admin = make_user(session, role=Role.ADMIN)
    audit.record(session, actor=admin, action="user.create", entity_type="user", entity_id=admin.id)
    values = audit.distinct_values(session, actor=admin)
    assert "user.create" in values["action"] and admin.username in values["actor_name"]
