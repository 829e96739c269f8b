"""Start the real console (streamlit run app.py) on a free port: used by the browser tests and the page benchmark."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the console exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the console did not become healthy in time")


@contextmanager
def running_console(db_path: Path, data_dir: Path, **settings: str) -> Iterator[str]:
    """The console on SQLite db_path (demo mode), its log in data_dir/server.log; yields its base URL."""
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CONSOLE_")}, "CONSOLE_DEMO_MODE": "true",
           "CONSOLE_DATA_DIR": str(data_dir), "CONSOLE_DATABASE_URL": f"sqlite:///{db_path}",
           **{f"CONSOLE_{k.upper()}": v for k, v in settings.items()}}
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "server.log").open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                   "--server.headless", "true", "--browser.gatherUsageStats", "false",
                                   "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, server)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
