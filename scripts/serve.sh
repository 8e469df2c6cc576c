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

# Demo mode (anything but production, unless PLATFORM_STANDIN=off): a local stand-in of the social
# platforms' APIs answers the follower-count connectors and the Google sign-in.
if [ "${TANGKAL_ENV:-development}" != "production" ] && [ "${PLATFORM_STANDIN:-on}" != "off" ] \
   && [ -z "${PLATFORM_STANDIN_URL:-}" ]; then
  STANDIN_PORT="${STANDIN_PORT:-8765}"
  $PY manage.py run_platform_standin --port "$STANDIN_PORT" &
  pids+=($!)
  export PLATFORM_STANDIN_URL="http://127.0.0.1:$STANDIN_PORT"
  echo "Server tiruan platform media sosial di $PLATFORM_STANDIN_URL (bio: $PLATFORM_STANDIN_URL/_standin/bio)"
fi
$PY manage.py db_worker --interval 1 --queue-name '*' --no-reload &
pids+=($!)
$PY manage.py run_scheduler &
pids+=($!)
.venv/bin/gunicorn tangkal.wsgi:application -c gunicorn.conf.py --bind "$BIND" --workers "$WEB_WORKERS" --threads 4 \
  --access-logfile - --graceful-timeout 5 &
pids+=($!)
echo "Tangkal berjalan di http://$BIND  (Ctrl-C untuk berhenti)"
wait -n
