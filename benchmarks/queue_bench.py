"""Report-desk benchmark on PostgreSQL: queue overview render time and claim-next latency under concurrency.

Usage: python benchmarks/queue_bench.py [--reports 1000000] [--pg postgresql+psycopg://postgres@127.0.0.1/test]
                                       [--desk-seconds 60] [--think 2.0]
Creates (and afterwards drops) its own database, fills it with SQL generate_series, then measures:
the overview queries, claim-next back to back at 1, 8 and 32 reviewers, and the desk as reviewers use it:
32 reviewers each claiming, keeping a draft and deciding with a think time between actions (claim-next
p50/p95/p99 and, beside it, the share of that time spent inside the database and waiting for a connection).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402

from dashboard.config import load_settings  # noqa: E402
from dashboard.db.admin import create_database, drop_database  # noqa: E402
from dashboard.enums import ReportStatus, Role  # noqa: E402
from dashboard.db.migrate import upgrade  # noqa: E402
from dashboard.db.models import User  # noqa: E402
from dashboard.db.session import make_engine, unit_of_work  # noqa: E402
from dashboard.services.desk.decisions import claim_next, decide
from dashboard.services.desk import drafts, reports, sla

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
                claim_next(session, actor=session.get_one(User, user_id), settings=settings)
            with lock:
                latencies.append(time.perf_counter() - start)

    workers = [threading.Thread(target=reviewer, args=(uid,)) for uid in user_ids[:threads]]
    wall = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - wall
    print(f"claim-next back to back, {threads:2d} reviewers: {_percentiles(latencies)}  "
          f"({len(latencies)} claims, {len(latencies) / wall:.0f} claims/s)")
    with engine.begin() as conn:
        conn.execute(text("UPDATE reports SET claimed_by_id = NULL, lease_expires_at = NULL WHERE claimed_by_id IS NOT NULL"))


class _DbClock:
    """Per-thread time spent inside cursor.execute and waiting for a pooled connection."""

    def __init__(self, engine) -> None:
        self.local, self.connections = threading.local(), 0
        event.listen(engine, "connect", self._connected)
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _connected(self, *_args) -> None:
        self.connections += 1  # a new server backend: connection set-up and cold plan caches on the claim path

    def _before(self, *_args) -> None:
        self.local.started = time.perf_counter()

    def _after(self, *_args) -> None:
        self.local.db = getattr(self.local, "db", 0.0) + time.perf_counter() - self.local.started

    def take(self) -> float:
        spent, self.local.db = getattr(self.local, "db", 0.0), 0.0
        return spent


def _percentiles(values: list[float]) -> str:
    cuts = statistics.quantiles(values, n=100)
    return (f"p50 {statistics.median(values) * 1000:6.1f}  p95 {cuts[94] * 1000:6.1f}  "
            f"p99 {cuts[98] * 1000:6.1f}  max {max(values) * 1000:6.1f} ms")


def _desk(engine, user_ids: list[int], seconds: float, think: float, refresh: float, pages: int) -> None:
    """Reviewers as on the desk: claim, think, keep a draft, think, decide, with seeded jittered think times;
    `pages` readers refresh the queue counts every `refresh` seconds (the console shares one read among all
    open desk pages of a server: pages=1; each page reading for itself: pages=reviewers)."""
    settings, clock, lock = load_settings(demo_mode=True), _DbClock(engine), threading.Lock()
    timings: dict[str, list[float]] = {"claim": [], "claim in db": [], "draft": [], "decide": [], "counts": []}
    deadline = time.perf_counter() + seconds

    def timed(name: str, work) -> object:
        clock.take()
        start = time.perf_counter()
        with unit_of_work(engine) as session:
            result = work(session)
        elapsed, in_db = time.perf_counter() - start, clock.take()
        with lock:
            timings[name].append(elapsed)
            if name == "claim":
                timings["claim in db"].append(in_db)
        return result

    def reviewer(user_id: int) -> None:
        rng = random.Random(user_id)
        time.sleep(rng.uniform(0, think))
        while time.perf_counter() < deadline:
            report_id = timed("claim", lambda s: getattr(
                claim_next(s, actor=s.get_one(User, user_id), settings=settings), "id", None))
            if report_id is None:
                return
            time.sleep(rng.uniform(0.5, 1.5) * think)
            timed("draft", lambda s: drafts.save_draft(s, user_id=user_id, report_id=report_id, draft=drafts.Draft(
                decision="dismiss", note="checked the stream")))
            time.sleep(rng.uniform(0.5, 1.5) * think)
            timed("decide", lambda s: decide(s, actor=s.get_one(User, user_id), report_id=report_id,
                                                  decision="dismiss", reason="no violation seen"))
            time.sleep(rng.uniform(0.5, 1.5) * think)

    def page(user_id: int) -> None:
        rng = random.Random(-user_id)
        time.sleep(rng.uniform(0, refresh))
        while time.perf_counter() < deadline:
            timed("counts", lambda s: reports.queue_overview(s, statuses=(ReportStatus.OPEN,)))
            time.sleep(refresh)

    workers = [threading.Thread(target=reviewer, args=(uid,)) for uid in user_ids]
    workers += [threading.Thread(target=page, args=(uid,)) for uid in user_ids[:pages] if refresh > 0]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(f"desk, {len(user_ids)} reviewers acting every ~{think:g} s for {seconds:g} s, "
          f"counts read every {refresh:g} s by {pages} page(s):")
    print(f"  new database connections opened during the run: {clock.connections}")
    for name, values in timings.items():
        if values:
            print(f"  {name:12s} {_percentiles(values)}  ({len(values)} calls)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--desk-seconds", type=float, default=60.0, help="how long the think-time desk runs")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a reviewer's actions")
    parser.add_argument("--refresh", type=float, default=5.0,
                        help="seconds between a desk page's queue-count refreshes (0: none)")
    parser.add_argument("--pages-read-counts", type=int, default=1,
                        help="how many readers refresh the counts (1: the console's shared read; 32: one per page)")
    parser.add_argument("--skip-burst", action="store_true", help="only the overview and the think-time desk")
    args = parser.parse_args()
    url = create_database(args.pg, "console_queue_bench", replace=True)
    engine = make_engine(url)
    try:
        upgrade(engine)
        user_ids = _fill(engine, args.reports, reviewers=32)
        _overview(engine)
        for threads in () if args.skip_burst else (1, 8, 32):
            _claims(engine, user_ids, threads, per_thread=max(10, 400 // threads))
        _desk(engine, user_ids, args.desk_seconds, args.think, args.refresh, args.pages_read_counts)
    finally:
        engine.dispose()
        if not args.keep:
            drop_database(args.pg, "console_queue_bench")


if __name__ == "__main__":
    main()
