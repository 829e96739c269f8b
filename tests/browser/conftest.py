"""Browser tests: the real console (streamlit run app.py) on a free port against a seeded SQLite database,
driven by Playwright through Debian's Chromium (no browser download: executable_path=/usr/bin/chromium)."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dashboard.config import load_settings
from dashboard.db.session import make_engine, unit_of_work
from dashboard.services.data.demo import DEMO_ACCOUNTS, seed_demo
from tests.browser.server import running_console

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("CONSOLE_TEST_CHROMIUM", "/usr/bin/chromium")
PASSWORDS = {name: password for name, _, _, password in DEMO_ACCOUNTS}


@dataclass(frozen=True)
class Console:
    """A running console: its address and its database file."""

    url: str
    db_path: Path


@pytest.fixture(scope="session")
def console(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Console]:
    """The console served by `streamlit run app.py`, seeded with a small demo platform."""
    folder = tmp_path_factory.mktemp("browser")
    db_path = folder / "console.sqlite3"
    shutil.copy(sqlite_template, db_path)
    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        seed_demo(session, settings=load_settings(demo_mode=True), streams=300, seed=7, now=datetime.now(timezone.utc))
    engine.dispose()
    with running_console(db_path, folder / "var", language="en") as url:  # the flows by their English labels
        yield Console(url, db_path)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A fresh browser profile (its own cookies) at the desk's screen size."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> object:
    """A tab in that profile."""
    return context.new_page()
