"""The in-process worker's pass, read through its typed events (the CLI's wording is tested in tests/dashboard/cli)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import load_settings
from dashboard.db.session import unit_of_work
from dashboard.errors import ScanFailed
from dashboard.scaleout import worker
from tests.factories import make_stream

MEDIA = Path(__file__).resolve().parents[3] / "data" / "media"


@pytest.fixture
def offline_settings(tmp_path):
    return load_settings(demo_mode=True, data_dir=tmp_path / "data", yolo_weights=str(tmp_path / "no-weights.pt"),
                         local_source_dirs=[MEDIA, tmp_path])


def _streams(engine, *sources: str) -> list[int]:
    with unit_of_work(engine) as session:
        return [make_stream(session, source_uri=source).id for source in sources]


def test_a_pass_scans_each_due_stream_once_and_says_what_failed(isolated_engine, offline_settings, tmp_path):
    photo, missing = _streams(isolated_engine, str(MEDIA / "dlib_voc_2008_001009.jpg"), str(tmp_path / "gone.mp4"))
    uow = lambda: unit_of_work(isolated_engine)  # noqa: E731
    events = list(worker.one_pass(uow, settings=offline_settings, batch=10))
    recorded = [e for e in events if isinstance(e, worker.ScanRecorded)]
    refused = [e for e in events if isinstance(e, worker.ScanRefused)]
    assert [e.stream_id for e in recorded] == [photo] and recorded[0].scan_id > 0
    assert [e.stream_id for e in refused] == [missing] and isinstance(refused[0].error, ScanFailed)
    again = list(worker.one_pass(uow, settings=offline_settings, batch=10))  # scanned now: nothing is due
    assert not [e for e in again if isinstance(e, (worker.ScanRecorded, worker.ScanRefused))]


def test_a_stopped_worker_scans_no_further_stream(isolated_engine, offline_settings):
    _streams(isolated_engine, str(MEDIA / "dlib_voc_2008_001009.jpg"))
    events = list(worker.scan_due(lambda: unit_of_work(isolated_engine), settings=offline_settings, batch=10,
                                  stopped=lambda: True))
    assert events == []


def test_the_purge_runs_when_due_and_not_again_within_its_interval(isolated_engine, offline_settings):
    uow = lambda: unit_of_work(isolated_engine)  # noqa: E731
    last, purged = worker.purge_when_due(uow, settings=offline_settings, last=None)
    assert isinstance(purged, worker.Purged) and last is not None
    assert worker.purge_when_due(uow, settings=offline_settings, last=last) == (last, None)
