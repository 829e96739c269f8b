"""README command 1 (`scripts/demo.sh`): its setup steps, run as the script runs them, leave a demo worth opening."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.db.models import Observation, Report, Scan, Stream
from dashboard.db.session import make_engine
from dashboard.enums import ReportStatus, ScanStatus
from detectors.frames import SamplingPlan, frames

ROOT = Path(__file__).resolve().parents[2]


def _run_setup(tmp_path: Path, language: str) -> subprocess.CompletedProcess:
    data_dir = tmp_path / "var"
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONSOLE_")}
    env |= {"CONSOLE_DATA_DIR": str(data_dir), "CONSOLE_DATABASE_URL": f"sqlite:///{data_dir}/console.sqlite3",
            "CONSOLE_LANGUAGE": language, "VENV": sys.prefix}
    return subprocess.run(["bash", "scripts/demo.sh", "--setup-only"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module", params=["zh_CN", "en"])
def demo(request, tmp_path_factory):
    """The demo set up once per language in a folder of its own; yields (data dir, session, script output)."""
    tmp_path = tmp_path_factory.mktemp(f"demo-{request.param}")
    result = _run_setup(tmp_path, request.param)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    engine = make_engine(f"sqlite:///{tmp_path}/var/console.sqlite3")
    with Session(engine) as session:
        yield tmp_path / "var", session, result
    engine.dispose()


def test_the_sample_streams_are_scanned_once_with_the_offline_detector(demo):
    _data_dir, session, _result = demo
    samples = session.scalars(select(Stream).where(Stream.external_id.like("sample-%"))).all()
    assert len(samples) == 4
    for stream in samples:
        scans = session.scalars(select(Scan).where(Scan.stream_id == stream.id)).all()
        assert [s.status for s in scans] == [ScanStatus.DONE], (stream.external_id, [s.error for s in scans])
        assert scans[0].frames_sampled > 0 and not scans[0].degraded
        assert "ssdlite" in str(scans[0].detectors.get("persons")).lower()


def test_evidence_files_are_written_and_blurred(demo):
    data_dir, session, _result = demo
    from detectors.faces import load_face_detector

    faces = load_face_detector()
    rows = session.execute(select(Observation.frame_index, Observation.evidence_path, Stream.source_uri)
                           .join(Scan, Scan.id == Observation.scan_id).join(Stream, Stream.id == Scan.stream_id)
                           .where(Observation.evidence_path.is_not(None))).all()
    assert rows, "no evidence frame was recorded"
    checked_faces = 0
    for index, evidence, source in rows:
        path = Path(evidence) if Path(evidence).is_absolute() else data_dir / evidence
        assert path.is_file() and data_dir.resolve() in path.resolve().parents
        written = cv2.imread(str(path))
        assert written is not None
        raw = next(f.image for f in frames(source, SamplingPlan(every_seconds=0.5)) if f.index == index)
        for face in faces.detect(raw):
            x1, y1, x2, y2 = (max(0, int(v)) for v in (face.x1, face.y1, face.x2, face.y2))
            change = np.abs(written[y1:y2, x1:x2].astype(int) - raw[y1:y2, x1:x2].astype(int)).mean()
            assert change > 4, f"a face in {path.name} is not blurred"
            checked_faces += 1
    assert checked_faces > 0, "the evidence shows no face the check could look at"


def test_the_sample_reports_are_open_and_most_open_reports_are_within_their_sla(demo):
    _data_dir, session, _result = demo
    sample_reports = session.scalars(select(Report.status).where(Report.external_id.like("rep-sample-%"))).all()
    assert sample_reports == [ReportStatus.OPEN] * 4
    now = utcnow()
    open_reports = session.execute(select(Report.received_at, Report.sla_due_at)
                                   .where(Report.status == ReportStatus.OPEN)).all()
    within = sum(1 for _received, due in open_reports if due > now)
    last_day = sum(1 for received, _due in open_reports if now - received < timedelta(days=1))
    assert len(open_reports) >= 8
    assert within >= 0.6 * len(open_reports) and last_day >= 0.75 * len(open_reports)
    assert len(open_reports) > within, "nothing past its SLA: the overdue colours would show nothing"
    assert session.scalar(select(func.count()).select_from(Report).where(Report.status == ReportStatus.CLOSED)) > 50


def test_a_second_run_keeps_the_data_and_scans_nothing_again(demo, tmp_path):
    data_dir, session, _result = demo
    before = session.scalar(select(func.count()).select_from(Scan))
    result = _run_setup(data_dir.parent, "en")
    assert result.returncode == 0, result.stderr[-3000:]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Scan)) == before
