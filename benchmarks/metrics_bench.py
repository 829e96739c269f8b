"""Manager-page benchmark: the demo generator scaled to 100,000 streams and 1,000,000 reports on PostgreSQL,
then the time the Takedowns & readiness page's queries take together.

Usage: python benchmarks/metrics_bench.py [--streams 100000] [--reports 1000000] [--keep]
The demo generator (dashboard.services.data.demo) builds the platform; its reports are then replicated in SQL,
each copy shifted by whole days within the 60-day window so hour-of-day patterns and ratios are kept.
The copies go through the same triggers as every other write, so report_hour_counts is filled as in production.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from dashboard.config import load_settings  # noqa: E402
from dashboard.db.admin import create_database, drop_database  # noqa: E402
from dashboard.db.migrate import upgrade  # noqa: E402
from dashboard.db.models import Report  # noqa: E402
from dashboard.db.session import make_engine, unit_of_work  # noqa: E402
from dashboard.services.wind_down.view import default_filters, load_view
from dashboard.services.data.demo import seed_demo  # noqa: E402

NAME = "console_metrics_bench"
REPLICATE = """
INSERT INTO reports (external_id, stream_id, reason, text, received_at, priority, sla_due_at, status, version,
                     decision, decision_reason, decided_by_id, decided_at, first_claimed_at, claimed_by_id,
                     claimed_at, escalated_by_id, escalated_at, escalation_reason)
SELECT external_id || '-c' || :copy, stream_id, reason, text, received_at - (:copy * 7 % 60) * interval '1 day',
       priority, sla_due_at - (:copy * 7 % 60) * interval '1 day',
       CASE WHEN status = 'open' THEN 'closed' ELSE status END, 1,
       COALESCE(decision, 'dismiss'), decision_reason, COALESCE(decided_by_id, claimed_by_id, 1),
       COALESCE(decided_at, received_at + interval '1 hour') - (:copy * 7 % 60) * interval '1 day',
       first_claimed_at - (:copy * 7 % 60) * interval '1 day', claimed_by_id, claimed_at, escalated_by_id,
       escalated_at, escalation_reason
FROM reports WHERE external_id NOT LIKE '%-c%' LIMIT :limit
"""


def _build(engine, streams: int, reports: int) -> None:
    start = time.perf_counter()
    with unit_of_work(engine) as session:
        summary = seed_demo(session, settings=load_settings(demo_mode=True), streams=streams)
    print(f"demo generator: {summary.counts} in {time.perf_counter() - start:.0f} s")
    start, copy = time.perf_counter(), 1
    with engine.begin() as conn:
        base = summary.counts["reports"]
        while (have := conn.scalar(select(func.count(Report.id)))) < reports:
            conn.execute(text(REPLICATE), {"copy": copy, "limit": min(base, reports - have)})
            copy += 1
    # What autovacuum does on a live database: statistics, and the visibility map index-only scans rely on.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    print(f"reports replicated to {have:,} in {time.perf_counter() - start:.0f} s")


def _page_queries(engine) -> dict[str, float]:
    """The page's own data assembly (default view), timed part by part."""
    with unit_of_work(engine) as session:
        return load_view(session, flt=default_filters()).timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse it with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="skip building; measure an existing database")
    args = parser.parse_args()
    url = args.pg.rsplit("/", 1)[0] + f"/{NAME}" if args.reuse else create_database(args.pg, NAME, replace=True)
    engine = make_engine(url)
    try:
        if not args.reuse:
            upgrade(engine)
            _build(engine, args.streams, args.reports)
        runs = [_page_queries(engine) for _ in range(5)]
        for name in runs[0]:
            print(f"  {name:<26} median {statistics.median(r[name] for r in runs) * 1000:7.1f} ms")
        totals = [sum(r.values()) for r in runs]
        print(f"page query set total: median {statistics.median(totals) * 1000:.0f} ms, "
              f"worst {max(totals) * 1000:.0f} ms over {len(runs)} runs (first run includes cold caches)")
    finally:
        engine.dispose()
        if not args.keep:
            drop_database(args.pg, NAME)


if __name__ == "__main__":
    main()
