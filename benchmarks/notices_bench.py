"""Owner-notice benchmark: the full shutdown of the demo platform (its notices written in the shutdown's own
transaction), then one worker delivering them to a local HTTP endpoint (signed POSTs) and to the JSON-lines outbox.

Usage: python benchmarks/notices_bench.py [--streams 3000] [--postgres]
Prints the shutdown's time and notices, and notices delivered per second by one worker for each transport.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, update  # noqa: E402

from dashboard.config import load_settings  # noqa: E402
from dashboard.db.admin import create_database, drop_database  # noqa: E402
from dashboard.db.migrate import upgrade  # noqa: E402
from dashboard.db.models import OwnerNotice, Stream, User  # noqa: E402
from dashboard.db.session import make_engine, unit_of_work  # noqa: E402
from dashboard.enums import DeliveryState, NoticeKind, Role, StreamState  # noqa: E402
from dashboard.services.data.demo import seed_demo  # noqa: E402
from dashboard.services.streams.outbox import deliver_due  # noqa: E402
from dashboard.services.wind_down import shutdown  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NAME = "console_notices_bench"


class _Platform(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def _shutdown(engine) -> tuple[float, int, int]:
    with unit_of_work(engine) as session:
        first, second = session.scalars(select(User).where(User.role.in_([Role.MANAGER, Role.ADMIN]))
                                        .order_by(User.id).limit(2)).all()
        live = session.scalar(select(func.count(Stream.id)).where(
            Stream.state.in_([StreamState.LIVE, StreamState.SUSPENDED])))
        request = shutdown.request_shutdown(session, actor=first, override_reason="benchmark")
    start = time.perf_counter()
    with unit_of_work(engine) as session:
        shutdown.confirm_shutdown(session, actor=session.get(User, second.id), request_id=request.id)
    seconds = time.perf_counter() - start
    with unit_of_work(engine) as session:
        notices = session.scalar(select(func.count(OwnerNotice.id)).where(OwnerNotice.kind == NoticeKind.SHUT_DOWN))
        owners = session.scalar(select(func.count(func.distinct(Stream.owner_id))).where(
            Stream.state == StreamState.SHUT_DOWN))
    return seconds, live, notices, owners


def _deliver(engine, settings) -> tuple[int, float]:
    with unit_of_work(engine) as session:
        session.execute(update(OwnerNotice).values(delivery_state=DeliveryState.PENDING, attempts=0,
                                                   next_attempt_at=func.now()))
    start, delivered = time.perf_counter(), 0
    while (run := deliver_due(lambda: unit_of_work(engine), settings=settings)).delivered:
        delivered += run.delivered
    return delivered, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=3000)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL at 127.0.0.1 (default: SQLite)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    url = create_database(PG_ADMIN, NAME, replace=True) if args.postgres else f"sqlite:///{folder / 'bench.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    with unit_of_work(engine) as session:
        seed_demo(session, settings=load_settings(demo_mode=True), streams=args.streams)
    seconds, live, notices, owners = _shutdown(engine)
    print(f"full shutdown of {live} live or suspended streams of {owners} owners: {seconds:.2f} s, {notices} "
          f"shutdown notices (one per owner) written in the same transaction")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Platform)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for name, extra in (("local HTTP endpoint (signed POST)",
                         {"notice_endpoint": f"http://127.0.0.1:{server.server_port}/notices"}),
                        ("JSON-lines outbox folder", {})):
        settings = load_settings(demo_mode=True, data_dir=folder / "var", **extra)
        delivered, spent = _deliver(engine, settings)
        print(f"one worker, {name}: {delivered} notices (the demo's takedown notices and the shutdown's) in "
              f"{spent:.2f} s = {delivered / spent:.0f} notices/s")
    server.shutdown()
    engine.dispose()
    if args.postgres:
        drop_database(PG_ADMIN, NAME)


if __name__ == "__main__":
    main()
