#!/usr/bin/env bash
# Serve Tangkal with its background worker and scheduler; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BIND="${BIND:-127.0.0.1:8000}"
WEB_WORKERS="${WEB_WORKERS:-2}"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

$PY manage.py db_worker --interval 1 --queue-name '*' --no-reload &
pids+=($!)
$PY manage.py run_scheduler &
pids+=($!)
.venv/bin/gunicorn tangkal.wsgi:application --bind "$BIND" --workers "$WEB_WORKERS" --threads 4 \
  --access-logfile - --graceful-timeout 5 &
pids+=($!)
echo "Tangkal berjalan di http://$BIND  (Ctrl-C untuk berhenti)"
wait -n
