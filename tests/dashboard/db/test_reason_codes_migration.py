"""Migration 0020: the English reason sentences scans stored before are rewritten as codes with values (and back)."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from dashboard.db.admin import create_database, drop_database
from dashboard.db.migrate import downgrade, upgrade
from dashboard.db.models import Flag, Scan
from dashboard.db.session import make_engine, unit_of_work
from dashboard.enums import FlagKind, FlagStatus, ScanStatus
from tests.factories import make_stream

OLD = ["distinct people per minute 22.3 ≥ 6.0", "peak people in frame 3 < 4", "share of frames with people 0.5 ≥ 0.5",
       "person detector unavailable: faces stand in for people, tracks not counted",
       "crowd in frame: a still image cannot show a rate of people passing, but 5 people are in frame at once (≥ 4)",
       "crowd in frame: a 12 s window cannot show a rate of people passing, but 9 people are in frame at once (≥ 4)",
       "QR sticker issued to another stream"]
NEW = [{"code": "tracks_per_minute", "values": {"value": 22.3, "limit": 6.0}},
       {"code": "peak_people", "values": {"value": 3, "limit": 4}},
       {"code": "frames_with_people", "values": {"value": 0.5, "limit": 0.5}},
       {"code": "faces_stand_in", "values": {}},
       {"code": "crowd_in_frame", "values": {"peak": 5, "limit": 4, "span": None}},
       {"code": "crowd_in_frame", "values": {"peak": 9, "limit": 4, "span": 12}},
       "QR sticker issued to another stream"]  # a sticker check's reason is a catalogue text: kept


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_at_0019(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        upgrade(engine, "0019")
        yield engine
        engine.dispose()
        return
    from tests.conftest import PG_ADMIN_URL

    request.getfixturevalue("pg_url")  # PostgreSQL is up (or the test is skipped, failed under CI)
    name = f"console_reasons_{uuid.uuid4().hex[:8]}"
    engine = make_engine(create_database(PG_ADMIN_URL, name))
    upgrade(engine, "0019")
    yield engine
    engine.dispose()
    drop_database(PG_ADMIN_URL, name)


def _stored(engine) -> tuple[list, list]:
    with unit_of_work(engine) as session:
        return (session.scalar(select(Scan.detectors))["reasons"], session.scalar(select(Flag.details))["reasons"])


def test_reason_sentences_become_codes_and_come_back_on_downgrade(engine_at_0019):
    with unit_of_work(engine_at_0019) as session:
        stream = make_stream(session)
        scan = Scan(stream_id=stream.id, status=ScanStatus.DONE, detectors={"persons": "ssdlite", "reasons": OLD})
        session.add(scan)
        session.flush()
        session.add(Flag(stream_id=stream.id, scan_id=scan.id, kind=FlagKind.FOOT_TRAFFIC, status=FlagStatus.OPEN,
                         details={"people_peak": 9, "reasons": OLD}))
    upgrade(engine_at_0019)
    assert _stored(engine_at_0019) == (NEW, NEW)
    downgrade(engine_at_0019, "0019")
    assert _stored(engine_at_0019) == (OLD, OLD)
