"""Page timings in a real browser at demo scale: sign in as each role, open every page it may see, and print the
time from the click to a settled page (Streamlit's run finished). Optionally saves a screenshot of the desk.

    .venv/bin/python benchmarks/page_timings.py [--streams 3000] [--repeat 3] [--screenshot docs/img/desk.png]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from dashboard.config import load_settings  # noqa: E402
from dashboard.db.migrate import upgrade  # noqa: E402
from dashboard.db.session import make_engine, unit_of_work  # noqa: E402
from dashboard.services.data.demo import DEMO_ACCOUNTS, seed_demo  # noqa: E402
from dashboard.ui.navigation import pages_for  # noqa: E402
from tests.browser.helpers import IDLE  # noqa: E402
from tests.browser.server import running_console  # noqa: E402

ROLES = {role: (name, password) for name, _, role, password in reversed(DEMO_ACCOUNTS)}


def _settled(page: Page) -> None:
    """Until no 'Running' widget and no stale element is left (Streamlit's run finished and was drawn)."""
    page.wait_for_timeout(30)
    page.wait_for_function(IDLE, timeout=60_000)


def _sign_in(page: Page, url: str, username: str, password: str) -> float:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    start = time.perf_counter()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()
    _settled(page)
    return time.perf_counter() - start


def _open(page: Page, title: str) -> float:
    start = time.perf_counter()
    link = page.get_by_role("link", name=title, exact=True)
    if link.count():
        link.click()
    else:  # a role with one page has no menu: time a reload instead
        page.reload()
    page.get_by_role("heading", name=title, level=1).wait_for()
    _settled(page)
    return time.perf_counter() - start


def _seed(folder: Path, streams: int) -> Path:
    db_path = folder / "console.sqlite3"
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    with unit_of_work(engine) as session:
        seed_demo(session, settings=load_settings(demo_mode=True), streams=streams, seed=1,
                  now=datetime.now(timezone.utc))
    engine.dispose()
    return db_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="page-timings-"))
    db_path = _seed(folder, args.streams)
    rows: list[tuple[str, str, list[float]]] = []
    with running_console(db_path, folder / "var", log_page_timings="true", language="en") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for role, (username, password) in ROLES.items():
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            rows.append((role.value, "Sign in", [_sign_in(page, url, username, password)]))
            titles = [spec.title for spec in pages_for(role)]
            times: dict[str, list[float]] = {t: [] for t in titles}
            for _ in range(args.repeat):  # each page is reached from another one, as people move through them
                for title in titles[1:] + titles[:1]:
                    times[title].append(_open(page, title))
            rows += [(role.value, title, times[title]) for title in titles]
            if args.screenshot and role.value == "reviewer":
                page.get_by_role("button", name="Claim the most urgent report").click()
                page.get_by_role("heading", name="Report rep-", exact=False).wait_for()
                page.wait_for_timeout(1500)  # evidence previews load
                page.screenshot(path=str(args.screenshot), full_page=False)
            context.close()
        browser.close()
    print(f"{'role':<16} {'page':<24} {'browser median s':>16} {'max s':>7}")
    for role, title, times in rows:
        print(f"{role:<16} {title:<24} {statistics.median(times):>16.2f} {max(times):>7.2f}")
    server = _server_times(folder / "var" / "logs" / "page-timings.log")
    print(f"\n{'page (server side, every run)':<30} {'runs':>5} {'median s':>9} {'p90 s':>7} {'max s':>7}")
    for title, times in sorted(server.items()):
        p90 = statistics.quantiles(times, n=10, method="inclusive")[-1] if len(times) > 1 else times[0]
        print(f"{title:<30} {len(times):>5} {statistics.median(times):>9.3f} {p90:>7.3f} {max(times):>7.3f}")
    slow = sorted(t for t, times in server.items() if statistics.median(times) > 1.0)
    print(f"pages over 1 s server side (median): {len(slow)} {slow if slow else ''}")


def _server_times(path: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        title, seconds = line.rsplit("\t", 1)
        times.setdefault(title, []).append(float(seconds))
    return times


if __name__ == "__main__":
    main()
