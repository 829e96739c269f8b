"""Report-desk benchmark on PostgreSQL: queue overview render time and claim-next latency under concurrency.

Usage: python benchmarks/queue_bench.py [--reports 1000000] [--pg postgresql+psycopg://postgres@127.0.0.1/test]
Creates (and afterwards drops) its own database, fills it with SQL generate_series, then measures.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from dashboard.config import load_settings  # noqa: E402
from dashboard.db.admin import create_database, drop_database  # noqa: E402
from dashboard.enums import ReportStatus, Role  # noqa: E402
from dashboard.db.migrate import upgrade  # noqa: E402
from dashboard.db.models import User  # noqa: E402
from dashboard.db.session import make_engine, unit_of_work  # noqa: E402
from dashboard.services import desk
from dashboard.services.desk import reports
from dashboard.services.desk import sla  # noqa: E402

FILL = """
INSERT INTO owners (external_id, name, kind, real_name_verified, background_check, created_at)
SELECT 'bo-' || g, 'Owner ' || g, 'merchant', true, 'passed', now() FROM generate_series(1, :owners) g;
INSERT INTO streams (external_id, owner_id, title, category, place_type, visibility, state, welfare_certification,
                     sticker_status, created_at, updated_at)
SELECT 'bs-' || g, 1 + (g % :owners), 'Stream ' || g, 'shop', 'shop', 'public', 'live', 'not_applicable', 'missing',
       now(), now() FROM generate_series(1, :streams) g;
INSERT INTO reports (external_id, stream_id, reason, text, received_at, priority, sla_due_at, status, version,
                     decision, decided_at)
SELECT 'br-' || g, 1 + (g % :streams), (ARRAY['privacy','minors','indecent','other'])[1 + g % 4], '',
       now() - (g % 86400) * interval '60 seconds', 1 + g % 3,
       now() - (g % 86400) * interval '60 seconds' + (1 + g % 3) * interval '4 hours',
       CASE WHEN g % 50 = 0 THEN 'open' ELSE 'closed' END, 1,
       CASE WHEN g % 50 = 0 THEN NULL ELSE 'dismiss' END,
       CASE WHEN g % 50 = 0 THEN NULL ELSE now() - (g % 86400) * interval '60 seconds' + interval '30 minutes' END
FROM generate_series(1, :reports) g;
"""


def _fill(engine, n_reports: int, reviewers: int) -> list[int]:
    start = time.perf_counter()
    streams = max(1000, n_reports // 10)
    with engine.begin() as conn:
        for statement in filter(str.strip, FILL.split(";")):
            conn.execute(text(statement), {"owners": streams // 4, "streams": streams, "reports": n_reports})
        conn.execute(text("ANALYZE"))
    print(f"filled {n_reports:,} reports on {streams:,} streams in {time.perf_counter() - start:.1f} s")
    with unit_of_work(engine) as session:
        users = [User(username=f"bench{i}", display_name="bench", role=Role.REVIEWER, password_hash="x",
                      active=True, failed_logins=0) for i in range(reviewers)]
        session.add_all(users)
        session.flush()
        return [u.id for u in users]


def _overview(engine) -> None:
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        with unit_of_work(engine) as session:
            reports.queue_overview(session, statuses=(ReportStatus.OPEN,))
            reports.queue_overview(session, statuses=(ReportStatus.ESCALATED,))
            sla.decisions_since(session, user_id=1, since=sla.start_of_day())
        timings.append(time.perf_counter() - start)
    print(f"queue overview query set: median {statistics.median(timings) * 1000:.1f} ms over 5 runs")


def _claims(engine, user_ids: list[int], threads: int, per_thread: int) -> None:
    settings, latencies, lock = load_settings(demo_mode=True), [], threading.Lock()

    def reviewer(user_id: int) -> None:
        for _ in range(per_thread):
            start = time.perf_counter()
            with unit_of_work(engine) as session:
                desk.claim_next(session, actor=session.get_one(User, user_id), settings=settings)
            with lock:
                latencies.append(time.perf_counter() - start)

    workers = [threading.Thread(target=reviewer, args=(uid,)) for uid in user_ids[:threads]]
    wall = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - wall
    quantiles = statistics.quantiles(latencies, n=20)
    print(f"claim-next, {threads:2d} reviewers: p50 {statistics.median(latencies) * 1000:6.1f} ms  "
          f"p95 {quantiles[18] * 1000:6.1f} ms  ({len(latencies)} claims, {len(latencies) / wall:.0f} claims/s)")
    with engine.begin() as conn:
        conn.execute(text("UPDATE reports SET claimed_by_id = NULL, lease_expires_at = NULL WHERE claimed_by_id IS NOT NULL"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    url = create_database(args.pg, "console_queue_bench", replace=True)
    engine = make_engine(url)
    try:
        upgrade(engine)
        user_ids = _fill(engine, args.reports, reviewers=32)
        _overview(engine)
        for threads in (1, 8, 32):
            _claims(engine, user_ids, threads, per_thread=max(10, 400 // threads))
    finally:
        engine.dispose()
        if not args.keep:
            drop_database(args.pg, "console_queue_bench")


if __name__ == "__main__":
    main()
