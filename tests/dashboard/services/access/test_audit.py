"""The audit log: filtering, paging and CSV export."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from dashboard.clock import utcnow
from dashboard.db.models import AuditEvent
from dashboard.enums import AuditAction, Role
from dashboard.services.access import audit
from dashboard.services.access.permissions import SYSTEM
from tests.factories import make_user


def test_filter_by_entity_and_export_csv_parses(session):
    admin = make_user(session, role=Role.ADMIN)
    marker = f"audit-test-{admin.id}"
    old = utcnow() - timedelta(days=3)
    audit.record(session, actor=SYSTEM, action=AuditAction.STREAM_IMPORT, entity_type="stream", entity_id=marker,
                 after={"state": "live", "when": old}, at=old)
    audit.record(session, actor=admin, action=AuditAction.STREAM_TAKE_DOWN, entity_type="stream", entity_id=marker,
                 before={"state": "live"}, after={"state": "taken_down"}, reason="crowd, \"busy\" street")
    events, total = audit.list_events(session, actor=admin, flt=audit.AuditFilter(entity_id=marker))
    assert total == 2 and [e.action for e in events] == ["stream.take_down", "stream.import"]
    recent, _ = audit.list_events(session, actor=admin, flt=audit.AuditFilter(entity_id=marker, since=old + timedelta(hours=1)))
    assert [e.action for e in recent] == ["stream.take_down"]
    rows = list(csv.DictReader(io.StringIO(audit.export_csv(session, actor=admin, flt=audit.AuditFilter(entity_id=marker)))))
    assert [r["action"] for r in rows] == ["stream.import", "stream.take_down"]
    assert rows[1]["reason"] == 'crowd, "busy" street' and rows[1]["actor_name"] == admin.username
    assert '"taken_down"' in rows[1]["after"] and rows[0]["actor_name"] == "system"


def test_the_export_speaks_the_readers_header_and_zone(session):
    admin = make_user(session, role=Role.ADMIN)
    marker = f"audit-zone-{admin.id}"
    at = datetime(2035, 1, 1, 20, 30, tzinfo=timezone.utc)
    audit.record(session, actor=admin, action=AuditAction.STREAM_TAKE_DOWN, entity_type="stream", entity_id=marker,
                 at=at)
    header = ["编号", "时间", "操作人", "操作", "对象类型", "对象 ID", "变更前", "变更后", "原因"]
    text = audit.export_csv(session, actor=admin, flt=audit.AuditFilter(entity_id=marker), header=header,
                            tz="Asia/Shanghai")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == header and rows[0]["时间"] == "2035-01-02T04:30:00+08:00"


def test_distinct_values_for_filters(session):
    admin = make_user(session, role=Role.ADMIN)
    audit.record(session, actor=admin, action=AuditAction.USER_CREATE, entity_type="user", entity_id=admin.id)
    values = audit.distinct_values(session, actor=admin)
    assert "user.create" in values["action"] and admin.username in values["actor_name"]


@pytest.mark.parametrize("action", ["stream.delete", "", "STREAM.TAKE_DOWN"])
def test_an_action_outside_the_vocabulary_is_refused(session, action):
    with pytest.raises(ValueError):
        audit.record(session, actor=SYSTEM, action=action, entity_type="stream", entity_id=1)


def test_bulk_events_carry_the_same_typed_action(session):
    count = audit.record_many(session, actor=SYSTEM, action=AuditAction.STREAM_SHUT_DOWN, entity_type="stream",
                              events=[audit.BulkEvent(i, after={"state": "shut_down"}) for i in range(7)], batch=3,
                              reason="bulk test")
    rows = session.scalars(select(AuditEvent).where(AuditEvent.reason == "bulk test")).all()
    assert count == 7 and {r.action for r in rows} == {"stream.shut_down"} and len(rows) == 7
