"""The Scan flags page shows distributed scanning's figures and the jobs that could not be scanned, with their
reason and attempts, and sends a dead job round again after a reason is given."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dashboard.clock import utcnow
from dashboard.db.models import ScanJob, Stream
from dashboard.db.session import make_engine, unit_of_work
from dashboard.enums import JobStatus, Role
from tests.pages.test_pages import _button, _signed_in


def _dead_job(db_path) -> int:
    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        stream = session.scalars(select(Stream).where(Stream.source_uri.is_not(None))).first()
        job = ScanJob(stream_id=stream.id, window_start=utcnow() - timedelta(hours=1), status=JobStatus.DEAD,
                      queue="default", attempts=5, finished_at=utcnow(),
                      error="http://cam.example/live: cannot connect to cam.example:80 within 5 s (timed out)")
        session.add(job)
        session.flush()
        job_id = job.id
    engine.dispose()
    return job_id


def test_a_dead_job_shows_its_reason_and_goes_round_again_with_a_reason(own_app_env):
    job_id = _dead_job(own_app_env)
    at = _signed_in(own_app_env, Role.COMPLIANCE_LEAD).run()
    at.switch_page("pages/scan_flags.py").run()
    assert not at.exception
    assert [m.value for m in at.metric if m.label == "Could not be scanned"] == ["1"]
    table = next(d.value for d in at.dataframe if "Attempts" in d.value.columns)
    assert list(table["Attempts"]) == [5] and "timed out" in table["Reason"][0]
    _button(at, "Scan it again").click().run()
    assert "reason is required" in at.error[0].value
    at.text_input(key="dead_job_reason").input("camera back online").run()
    _button(at, "Scan it again").click().run()
    assert not at.exception and "queued again" in at.success[-1].value
    engine = make_engine(f"sqlite:///{own_app_env}")
    with unit_of_work(engine) as session:
        job = session.get(ScanJob, job_id)
        assert job.status == JobStatus.QUEUED and job.attempts == 0 and job.published_at is None
    engine.dispose()
